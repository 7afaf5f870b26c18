/** @odoo-module **/
/* A salesperson reads the breakdown of a lead's score (on a phone too):
   the points of each criterion, the next question and what the next stage
   needs; answering the question updates it before saving. */
import {registry} from "@web/core/registry";

const BREAKDOWN = ".o_form_view .o_field_widget[name=qualification_breakdown]";

registry.category("web_tour.tours").add("prospect_score_breakdown_tour", {
    steps: () => [
        {
            content: "The breakdown is in the qualification block",
            trigger: `${BREAKDOWN} .o_prospect_breakdown`,
        },
        {
            content: "Each criterion shows its points earned out of possible",
            trigger: `${BREAKDOWN} .o_prospect_breakdown_need .o_prospect_breakdown_points:contains(/ 20)`,
        },
        {
            content: "Authority is not yet earned",
            trigger: `${BREAKDOWN} .o_prospect_breakdown_authority .o_prospect_breakdown_points strong:contains(0)`,
        },
        {
            content: "The next question to ask is about authority",
            trigger: `${BREAKDOWN} .o_prospect_next_question:contains(Is our contact allowed to decide the purchase?)`,
        },
        {
            content: "The next stage's gate asks for authority",
            trigger: `${BREAKDOWN} .o_prospect_next_gate li:contains(Confirm Authority: +20 → PQ Qualified)`,
        },
        {
            content: "Answer authority: yes",
            trigger:
                ".o_form_view .o_field_widget[name=qualification_authority] .o_selection_badge:contains(Yes)",
            run: "click",
        },
        {
            content: "The breakdown follows the answer",
            trigger: `${BREAKDOWN} .o_prospect_next_gate:contains(Ready for PQ Qualified)`,
        },
        {
            content: "Authority earned its 20 points",
            trigger: `${BREAKDOWN} .o_prospect_breakdown_authority .o_prospect_breakdown_points strong:contains(20)`,
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
    ],
});
