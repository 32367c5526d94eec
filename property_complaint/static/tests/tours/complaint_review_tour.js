/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The record form's review and sign-off (4.12), each by its role: the
 * supervisor writes the review opinion and records the review; the manager
 * writes the opinion and signs the form off, which locks it.
 *
 * The closed complaint is created by property_complaint/tests/test_tour.py.
 */
const FORM = ".o_form_view";

registry.category("web_tour.tours").add("property_complaint_review_tour", {
    steps: () => [
        {
            content: "Open the review page of the record form",
            trigger: `${FORM} .o_notebook a[name=review]`,
            run: "click",
        },
        {
            content: "Write the supervisor's review",
            trigger: `${FORM} .o_field_widget[name=review_opinion] textarea`,
            run: "edit Handled well and in time.",
        },
        {
            content: "Record the review",
            trigger: `${FORM} button[name=action_review]`,
            run: "click",
        },
        {
            content: "The review shows who gave it",
            trigger: `${FORM} .o_field_widget[name=reviewed_by_id]:contains(PC Tour Supervisor)`,
        },
        {
            content: "The review opinion is read-only once recorded",
            trigger: `${FORM} .o_field_widget[name=review_opinion].o_readonly_modifier`,
        },
    ],
});

registry.category("web_tour.tours").add("property_complaint_sign_off_tour", {
    steps: () => [
        {
            content: "Open the review page of the record form",
            trigger: `${FORM} .o_notebook a[name=review]`,
            run: "click",
        },
        {
            content: "The supervisor's review is there",
            trigger: `${FORM} .o_field_widget[name=reviewed_by_id]:contains(PC Tour Supervisor)`,
        },
        {
            content: "Write the manager's opinion",
            trigger: `${FORM} .o_field_widget[name=sign_off_opinion] textarea`,
            run: "edit Agreed.",
        },
        {
            content: "Sign the record form off",
            trigger: `${FORM} button[name=action_sign_off]`,
            run: "click",
        },
        {
            content: "The sign-off shows who gave it",
            trigger: `${FORM} .o_field_widget[name=signed_off_by_id]:contains(PC Tour Manager)`,
        },
        {
            content: "The form is locked: no sign-off button any more",
            trigger: `${FORM}:not(:has(button[name=action_sign_off]))`,
        },
    ],
});
