/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The owner's answer to the reply on the portal (issue 12, items 3 and 4):
 * not satisfied, with a comment, then the repeat complaint it opened; and the
 * signature of the home-visit record, drawn on the canvas.
 *
 * The replied complaints are created by
 * property_complaint/tests/test_portal_reply.py.
 */
const TICKET = "Water leaking from the ceiling";

function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

registry.category("web_tour.tours").add("property_complaint_owner_not_satisfied_tour", {
    steps: () => [
        {
            content: "Open the replied complaint",
            trigger: `a:contains(${TICKET})`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Not satisfied",
            trigger: "form[name=owner_rating] label[for=owner_satisfaction_not_satisfied]",
            run: "click",
        },
        {
            content: "Say why",
            trigger: "form[name=owner_rating] textarea[name=comment]",
            run: "edit Still dripping at night.",
        },
        {
            content: "Send the answer",
            trigger: "form[name=owner_rating] button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The answer is on the page, the rating form is gone",
            trigger: "#owner_answer:not(:has(form[name=owner_rating])) [name=owner_rated]:contains(Still dripping at night.)",
        },
        {
            content: "Open the repeat complaint from its link",
            trigger: "[name=owner_repeat] a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The repeat complaint, in the owner's words",
            trigger: `#card:contains(Repeat: ${TICKET}):contains(Still dripping at night.)`,
        },
        {
            content: "Back to the list of complaints",
            trigger: ".o_portal_submenu a[href^='/my/tickets']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The repeat complaint is in the owner's list",
            trigger: `a:contains(Repeat: ${TICKET})`,
        },
    ],
});

registry.category("web_tour.tours").add("property_complaint_owner_sign_tour", {
    steps: () => [
        {
            content: "Open the complaint replied to by a home visit",
            trigger: `a:contains(${TICKET})`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Sign the record of the home visit",
            trigger: "button[name=owner_sign]",
            run(helpers) {
                // The signature form clears its canvas once the modal is
                // shown: the drawing waits for that.
                const modal = document.querySelector("#owner_sign_modal");
                window.pcOwnerSignModalShown = new Promise((resolve) =>
                    modal.addEventListener("shown.bs.modal", resolve, { once: true })
                );
                helpers.click();
            },
        },
        {
            content: "Draw the signature with a finger",
            trigger: ".modal canvas.o_web_sign_signature",
            async run(helpers) {
                await window.pcOwnerSignModalShown;
                const canvas = helpers.anchor;
                const box = canvas.getBoundingClientRect();
                const point = (type, x, y) =>
                    (type === "pointerup" ? canvas.ownerDocument : canvas).dispatchEvent(
                        new PointerEvent(type, {
                            bubbles: true,
                            cancelable: true,
                            isPrimary: true,
                            pointerType: "touch",
                            buttons: 1,
                            clientX: box.left + x,
                            clientY: box.top + y,
                        })
                    );
                point("pointerdown", 10, box.height / 2);
                for (let step = 1; step <= 10; step++) {
                    await delay(20);
                    point("pointermove", 10 + step * 15, box.height / 2 + (step % 2 ? -15 : 15));
                }
                point("pointerup", 160, box.height / 2);
            },
        },
        {
            content: "Send the signature",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The record shows the signature, nothing left to sign",
            trigger: "[name=owner_signature]:not(:has(button[name=owner_sign])) img[src^='data:image/png']",
        },
    ],
});
