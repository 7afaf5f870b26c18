/** @odoo-module **/
/* A salesperson tries to move an unqualified opportunity into the qualified
   stage and is refused (desktop: kanban drag and drop and statusbar click;
   phone: the statusbar dropdown), then answers the criteria and promotes it
   with the Promote button and its checklist. */
import {registry} from "@web/core/registry";
import {chooseStage} from "./tour_statusbar";

function answer(field, label) {
    return {
        content: `Answer ${field}: ${label}`,
        trigger: `.o_form_view .o_field_widget[name=${field}] .o_selection_badge:contains(${label})`,
        run: "click",
    };
}

function refusalSteps() {
    return [
        {
            content: "The server refuses the move and says what is missing",
            trigger: ".modal .modal-body:contains(cannot enter the stage):contains(Need: Yes)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The message is closed",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

function promoteSteps(openPromote) {
    return [
        answer("qualification_need", "Yes"),
        answer("qualification_budget", "Yes"),
        answer("qualification_authority", "Yes"),
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_status_indicator_buttons.invisible",
        },
        {
            content: "The card is still in its stage",
            trigger: ".o_field_widget[name=prospect_state]:contains(Prospect)",
        },
        ...openPromote,
        {
            content: "The wizard proposes the next stage",
            trigger: ".modal .o_field_widget[name=target_stage_id] input",
            run() {
                if (this.anchor.value !== "PQ Qualified") {
                    throw new Error(`Unexpected target stage: ${this.anchor.value}`);
                }
            },
        },
        {
            content: "The checklist shows the card is ready",
            trigger: ".modal .o_prospect_checklist:contains(Ferretería López):contains(Ready)",
        },
        {
            content: "Leave a note",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Reunión con el gerente: presupuesto aprobado",
        },
        {
            content: "Promote",
            trigger: ".modal .modal-footer button:contains(Promote)",
            run: "click",
        },
        {
            content: "The card is a qualified prospect",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name=prospect_state]:contains(Qualified Prospect)",
        },
    ];
}

registry.category("web_tour.tours").add("prospect_promotion_kanban_tour", {
    steps: () => [
        {
            content: "The pipeline shows both columns",
            trigger: ".o_kanban_group:eq(1):has(.o_column_title:contains(PQ Qualified))",
        },
        {
            content: "Drag the unqualified card into the qualified column",
            trigger: ".o_kanban_group:eq(0) .o_kanban_record:contains(Ferretería López)",
            run: "drag_and_drop (.o_kanban_group:eq(1))",
        },
        ...refusalSteps(),
        {
            content: "The card went back to its column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains(PQ Prospect)) .o_kanban_record:contains(Ferretería López)",
        },
    ],
});

registry.category("web_tour.tours").add("prospect_promotion_desktop_tour", {
    steps: () => [
        {
            content: "Move the card to the qualified stage",
            trigger: ".o_statusbar_status button:contains(PQ Qualified)",
            run: "click",
        },
        ...refusalSteps(),
        {
            content: "The card is still in its stage (the refused move is undone)",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(PQ Prospect)",
        },
        ...promoteSteps([
            {
                content: "Open the promotion wizard",
                trigger: ".o_statusbar_buttons button:contains(Promote)",
                run: "click",
            },
        ]),
        {
            content: "The statusbar shows the new stage",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(PQ Qualified)",
        },
    ],
});

registry.category("web_tour.tours").add("prospect_promotion_mobile_tour", {
    steps: () => [
        {
            content: "Choose the qualified stage in the statusbar (in its dropdown when it does not fit)",
            trigger: ".o_statusbar_status",
            run: chooseStage("PQ Qualified"),
        },
        ...refusalSteps(),
        {
            content: "The card is still in its stage (the refused move is undone)",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(PQ Prospect)",
        },
        ...promoteSteps([
            {
                content: "Open the form's action menu",
                trigger: ".o_cp_action_menus .dropdown-toggle",
                run: "click",
            },
            {
                content: "Open the promotion wizard",
                trigger: ".o-dropdown--menu button:contains(Promote)",
                run: "click",
            },
        ]),
    ],
});
