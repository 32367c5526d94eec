from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    """What the install leaves behind for a company that has only just
    installed the addon: each of these breaks the procedure when missing."""

    def test_depends_on_the_oca_helpdesk_only(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "property_complaint")]
        )
        depends = set(module.dependencies_id.mapped("name"))
        self.assertIn("helpdesk_mgmt", depends)
        # Never Odoo Enterprise's helpdesk.
        self.assertNotIn("helpdesk", depends)
        self.assertEqual(module.author, "property_complaint developers")

    def test_one_policy_per_clock_of_the_procedure(self):
        Clock = self.env["property.complaint.clock"]
        kinds = [kind for kind, _label in Clock._fields["kind"].selection]
        policies = self.env["property.complaint.clock.policy"].search([])
        self.assertCountEqual(policies.mapped("kind"), kinds)
        self.assertTrue(all(policies.mapped("active")))

    def test_enforcement_cron_runs_the_contract_method(self):
        cron = self.env.ref("property_complaint.ir_cron_enforce_clocks")
        self.assertTrue(cron.active)
        self.assertEqual(cron.model_id.model, "property.complaint.clock")
        self.assertEqual(cron.code.strip(), "model._cron_enforce_clocks()")
        self.assertTrue(hasattr(self.env[cron.model_id.model], "_cron_enforce_clocks"))

    def test_every_channel_of_the_procedure_exists(self):
        # helpdesk_mgmt's channels of no procedure channel ("Other") may stay.
        channel_types = set(
            self.env["helpdesk.ticket.channel"]
            .search([("complaint_channel", "!=", False)])
            .mapped("complaint_channel")
        )
        expected = {
            value
            for value, _label in self.env["helpdesk.ticket.channel"]
            ._fields["complaint_channel"]
            .selection
        }
        self.assertEqual(channel_types, expected)

    def test_complaint_numbers_are_monthly_per_company(self):
        sequence = self.env.ref("property_complaint.sequence_complaint")
        self.assertTrue(sequence.use_date_range)
        self.assertTrue(sequence.prefix.startswith("TS"))

    def test_desk_list_order_is_indexed(self):
        """Issue 14: the desk's complaint list is read in an index's order,
        not sorted whole; the index follows the list's own default order."""
        view = self.env.ref("property_complaint.helpdesk_ticket_view_list_complaint")
        order = view.arch_db.split('default_order="')[1].split('"')[0]
        columns = ", ".join(
            " ".join([name, *direction]).replace(" asc", "").replace("desc", "DESC")
            for name, *direction in (part.split() for part in order.split(","))
        )
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'helpdesk_ticket'"
        )
        definitions = [row[0] for row in self.env.cr.fetchall()]
        self.assertEqual(columns, "next_due_at, priority DESC, id DESC")
        self.assertTrue(
            [d for d in definitions if d.endswith(f"USING btree ({columns})")],
            definitions,
        )

    def test_desk_screens_read_by_index(self):
        """Issue 14: the kanban's columns (a stage in helpdesk_mgmt's order),
        the form's duplicates and similar complaints are read by index, not
        by reading every complaint."""
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket._order, "priority desc, sequence, number desc, id desc")
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'helpdesk_ticket'"
        )
        definitions = [row[0] for row in self.env.cr.fetchall()]
        for columns in [
            "stage_id, priority DESC, sequence, number DESC, id DESC",
            "duplicate_id",
            "received_at",
        ]:
            self.assertTrue(
                [d for d in definitions if f"USING btree ({columns})" in d],
                (columns, definitions),
            )
