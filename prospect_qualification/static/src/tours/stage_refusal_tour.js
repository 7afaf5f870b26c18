/** @odoo-module **/
/* A stage the gate refuses from the form's statusbar does not stay in the
   form: the refusal is shown, the statusbar shows the card's stage again,
   the other unsaved edits are kept and the next Save goes through, even one
   asked for before the refusal came back. Run on desktop and on a phone (a
   stage inline and one in the statusbar's dropdown), for a saved card and
   for a new one. */
import {registry} from "@web/core/registry";
import {chooseStage} from "./tour_statusbar";

function answer(field, label) {
    return {
        content: `Answer ${field}: ${label}`,
        trigger: `.o_form_view .o_field_widget[name=${field}] .o_selection_badge:contains(${label})`,
        run: "click",
    };
}

function refusedMoveSteps(target, current) {
    return [
        {
            content: `Choose the stage ${target} in the statusbar`,
            trigger: ".o_statusbar_status",
            run: chooseStage(target),
        },
        {
            content: "The server refuses the move and says why",
            trigger: `.modal .modal-body:contains(cannot enter the stage “${target}”)`,
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: `The statusbar shows ${current} again`,
            trigger: `body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains(${current})`,
        },
    ];
}

function saveSteps(current) {
    return [
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, without a refusal",
            trigger:
                "body:not(:has(.modal)) .o_form_status_indicator_buttons.invisible",
        },
        {
            content: `The card is still in ${current}`,
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains(${current})`,
        },
    ];
}

registry.category("web_tour.tours").add("prospect_stage_refusal_tour", {
    steps: () => [
        answer("qualification_need", "Yes"),
        ...refusedMoveSteps("PQ Qualified", "PQ Prospect"),
        {
            content: "The answer given before the move is still there, unsaved",
            trigger:
                ".o_field_widget[name=qualification_need] .o_selection_badge.active:contains(Yes)",
        },
        {
            content: "The form has unsaved changes",
            trigger: ".o_form_status_indicator_buttons:not(.invisible)",
        },
        answer("qualification_budget", "Yes"),
        ...saveSteps("PQ Prospect"),
    ],
});

registry.category("web_tour.tours").add("prospect_stage_refusal_quick_save_tour", {
    steps: () => [
        answer("qualification_need", "Yes"),
        {
            // As Odoo's main flow tour does with "New Quotation": the save of
            // the button must not send the refused stage again.
            content: "Choose PQ Qualified, and click Save before the answer",
            trigger: ".o_statusbar_status",
            async run(helpers) {
                await chooseStage("PQ Qualified").call(this, helpers);
                await helpers.click(".o_form_button_save");
            },
        },
        {
            content: "The server refuses the move",
            trigger:
                ".modal .modal-body:contains(cannot enter the stage “PQ Qualified”)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "No second refusal: the Save went through",
            trigger:
                "body:not(:has(.modal)) .o_form_status_indicator_buttons.invisible",
        },
        {
            content: "The statusbar shows PQ Prospect",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains(PQ Prospect)",
        },
    ],
});

registry.category("web_tour.tours").add("prospect_stage_refusal_new_tour", {
    steps: () => [
        {
            content: "Name the new opportunity",
            trigger: ".o_form_view .o_field_widget[name=name] textarea",
            run: "edit Taller Gómez",
        },
        {
            // Refused for the block gates it skips (PQ Prospect, PQ
            // Qualified); on a phone it is in the statusbar's dropdown.
            isActive: ["mobile"],
            content: "On a phone, PQ Proposal is in the statusbar's dropdown",
            trigger:
                ".o_statusbar_status button.d-none:contains(PQ Proposal):not(:visible)",
        },
        ...refusedMoveSteps("PQ Proposal", "PQ New"),
        {
            content: "The name typed before the move is still there",
            trigger:
                ".o_form_view .o_field_widget[name=name] textarea:value(Taller Gómez)",
        },
        answer("qualification_fit", "Yes"),
        ...saveSteps("PQ New"),
    ],
});
