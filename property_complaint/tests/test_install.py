from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_installed_on_helpdesk(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "property_complaint")]
        )
        self.assertEqual(module.state, "installed")
        self.assertIn("helpdesk_mgmt", module.dependencies_id.mapped("name"))
        self.assertEqual(module.author, "property_complaint developers")
