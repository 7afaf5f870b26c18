/** @odoo-module **/
/* A salesperson qualifies an opportunity in its form, on desktop and on a
   phone: answers the five questions, sees score, level and state update. */
import {registry} from "@web/core/registry";

function answer(field, label) {
    return {
        content: `Answer ${field}: ${label}`,
        trigger: `.o_form_view .o_field_widget[name=${field}] .o_selection_badge:contains(${label})`,
        run: "click",
    };
}

function qualifySteps() {
    return [
        {
            content: "The qualification block is on the form",
            trigger: ".o_form_view .o_group.o_prospect_qualification",
        },
        answer("qualification_need", "Yes"),
        answer("qualification_budget", "Yes"),
        answer("qualification_authority", "Yes"),
        answer("qualification_access", "Yes"),
        answer("qualification_fit", "Partial"),
        {
            content: "The score is 90",
            trigger: ".o_field_widget[name=qualification_score]:contains(90)",
        },
        {
            content: "The lead is hot",
            trigger: ".o_field_widget[name=qualification_level]:contains(Hot)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_status_indicator_buttons.invisible",
        },
    ];
}

registry.category("web_tour.tours").add("prospect_qualification_desktop_tour", {
    steps: () => [
        ...qualifySteps(),
        {
            content: "Move the card to the qualified stage",
            trigger: ".o_statusbar_status button:contains(PQ Qualified)",
            run: "click",
        },
        {
            content: "It is a qualified prospect",
            trigger: ".o_field_widget[name=prospect_state]:contains(Qualified Prospect)",
        },
    ],
});

registry.category("web_tour.tours").add("prospect_qualification_mobile_tour", {
    steps: () => [
        ...qualifySteps(),
        {
            content: "The state badge is shown",
            trigger: ".o_field_widget[name=prospect_state]:contains(Lead)",
        },
    ],
});
