/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * An owner of two units files a complaint from the phone for one of them,
 * with a photo, then follows it on its page: its number, 受理中.
 *
 * The owner, the units 9-9-901 and 9-9-902 and the category are created by
 * property_complaint/tests/test_tour.py.
 */
const FORM = "form[action='/submitted/ticket']";
// The smallest PNG, as the phone's camera would hand it over.
const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

function chooseOption(selector, text) {
    const select = document.querySelector(selector);
    const option = [...select.options].find((opt) => opt.textContent.includes(text));
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("property_complaint_portal_owner_tour", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "Start a new complaint",
            trigger: "button[name=create_new_ticket]",
            run: "click",
        },
        {
            content: "The owner is told what personal data is kept",
            trigger: `${FORM} div[name=privacy_notice]:contains(您的个人信息)`,
        },
        {
            content: "Two units: the owner chooses one",
            trigger: `${FORM} select[name=unit]:has(option:contains(9-9-902))`,
            run: () => chooseOption(`${FORM} select[name=unit]`, "9-9-902"),
        },
        {
            content: "Choose the category",
            trigger: `${FORM} select[name=category]:has(option:contains(PC Portal Leak))`,
            run: () => chooseOption(`${FORM} select[name=category]`, "PC Portal Leak"),
        },
        {
            content: "Write the subject",
            trigger: `${FORM} input[name=subject]`,
            run: "edit 卫生间漏水",
        },
        {
            content: "Write what happened",
            trigger: `${FORM} textarea[name=description]`,
            run: "edit 卫生间天花板一直在滴水。",
        },
        {
            content: "Take a photo with the phone's camera",
            trigger: `${FORM} input[name=attachment][accept^=image]`,
            run: () => {
                const bytes = Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "ceiling.png", { type: "image/png" }));
                const input = document.querySelector(`${FORM} input[name=attachment]`);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Say what should be done",
            trigger: `${FORM} textarea[name=requested_remedy]`,
            run: "edit 请尽快上门维修",
        },
        {
            content: "Send the complaint",
            trigger: `${FORM} button[type=submit]`,
            run: "click",
        },
        {
            content: "The complaint's page shows its number",
            trigger: "h2[data-id=number]:contains(TS)",
        },
        {
            content: "and its stage in the owner's words",
            trigger: "span[name=owner_stage]:contains(受理中)",
        },
    ],
});
