/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Intake at the duty desk: a front-desk user opens "Take a complaint", finds
 * the unit by its owner's phone, checks the owner and the service center the
 * unit implies, writes down the complaint and saves it.
 *
 * The data (unit 9-9-909, owner phone 13900009999, ...) is created by
 * property_complaint/tests/test_tour.py.
 */
const DIALOG = ".modal:contains(Take a complaint)";

registry.category("web_tour.tours").add("property_complaint_intake_tour", {
    url: "/odoo/action-property_complaint.helpdesk_ticket_action_quick",
    steps: () => [
        {
            content: "The quick-entry form opens in a dialog, channel phone by default",
            trigger: `${DIALOG} .o_field_widget[name=channel_id] input:value(Phone)`,
        },
        {
            content: "Type the owner's phone into the unit field",
            trigger: `${DIALOG} .o_field_widget[name=unit_id] input`,
            run: "edit 13900009999",
        },
        {
            content: "Pick the unit found by the owner's phone",
            trigger: `${DIALOG} .o_field_widget[name=unit_id] .o-autocomplete--dropdown-item a:contains(9-9-909)`,
            run: "click",
        },
        {
            content: "The unit is set",
            trigger: `${DIALOG} .o_field_widget[name=unit_id] input:value(PC Tour Estate PC Tour Building 9-9-909)`,
        },
        {
            content: "The owner was filled in from the unit",
            trigger: `${DIALOG} .o_field_widget[name=partner_id] input:value(PC Tour Owner 9909)`,
        },
        {
            content: "The estate's service center was filled in from the unit",
            trigger: `${DIALOG} .o_field_widget[name=team_id] input:value(PC Tour Service Center)`,
        },
        {
            content: "Write the title",
            trigger: `${DIALOG} .o_field_widget[name=name] input`,
            run: "edit Water leaking from the ceiling",
        },
        {
            content: "Focus the description editor",
            trigger: `${DIALOG} .o_field_html[name=description] .odoo-editor-editable`,
            run: "click",
        },
        {
            content: "Write the description",
            trigger: `${DIALOG} .o_field_html[name=description] .odoo-editor-editable`,
            run: "editor The ceiling of the bathroom drips since this morning.",
        },
        {
            content: "Save the complaint",
            trigger: `${DIALOG} .modal-footer button.btn-primary:contains(Save)`,
            run: "click",
        },
        {
            content: "The dialog closes once the complaint is saved",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
