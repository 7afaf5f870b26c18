/** @odoo-module **/
/* A salesperson opens a new inbound lead: the follow-up rule scheduled the
   first call. They mark it done from the chatter and see the next step of
   the cadence, on desktop and on a phone. */
import {registry} from "@web/core/registry";

function markFirstCallDone() {
    return [
        {
            content: "The first call of the cadence is planned",
            trigger: ".o-mail-Activity:contains(Call the new lead)",
        },
        {
            content: "Mark it done",
            trigger: ".o-mail-Activity:contains(Call the new lead) .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Say how it went",
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            run: "edit Talked to Ana: she wants the price list",
        },
        {
            content: "Done",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label=Done]",
            run: "click",
        },
        {
            content: "The call is in the history",
            trigger: ".o-mail-Message:contains(she wants the price list)",
        },
        {
            content: "The next step of the cadence is planned",
            trigger: ".o-mail-Activity:contains(Send what you agreed on)",
        },
    ];
}

registry.category("web_tour.tours").add("prospect_followup_desktop_tour", {
    steps: () => [
        ...markFirstCallDone(),
        {
            content: "Open the follow-up tab",
            trigger: ".o_notebook .nav-link:contains(Follow-up)",
            run: "click",
        },
        {
            content: "The cadence is listed in the tab",
            trigger: ".o_field_widget[name=followup_execution_ids] .o_data_row:contains(Call the new lead)",
        },
    ],
});

registry.category("web_tour.tours").add("prospect_followup_mobile_tour", {
    steps: () => markFirstCallDone(),
});
