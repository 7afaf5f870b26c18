/** @odoo-module **/
/* A salesperson calls a new outbound lead and nobody answers: one tap on
   "No answer" marks the call done, and the branching cadence plans the
   WhatsApp message two hours later, on desktop and on a phone. */
import {registry} from "@web/core/registry";

function callNoAnswer() {
    return [
        {
            content: "The first call of the prospecting cadence is planned",
            trigger: ".o-mail-Activity:contains(First call)",
        },
        {
            content: "Mark it done",
            trigger: ".o-mail-Activity:contains(First call) .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Nobody answered: one tap",
            trigger: ".o-mail-ActivityMarkAsDone .o_prospect_outcome[data-outcome=no_answer]",
            run: "click",
        },
        {
            content: "The outcome is in the history",
            trigger: ".o-mail-Message:contains(Outcome: No answer)",
        },
        {
            content: "The WhatsApp step of the branch is planned",
            trigger: ".o-mail-Activity:contains(WhatsApp after the missed call)",
        },
    ];
}

registry.category("web_tour.tours").add("prospect_outcome_desktop_tour", {
    steps: () => callNoAnswer(),
});

registry.category("web_tour.tours").add("prospect_outcome_mobile_tour", {
    steps: () => callNoAnswer(),
});
