/** @odoo-module **/
/* On a phone, a salesperson opens the live queue "Waiting for First
   Response", sees the most urgent lead first with its time left, and
   answers it: the logged call is its first response. */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("prospect_first_response_queue_tour", {
    steps: () => [
        {
            content: "The most urgent lead comes first, with its time left",
            trigger:
                ".o_prospect_first_response_queue .o_kanban_record:first:contains(Urgente Ana) .o_prospect_queue_time_left",
        },
        {
            content: "The other lead waits below",
            trigger: ".o_prospect_first_response_queue .o_kanban_record:contains(Tranquilo Beto)",
        },
        {
            content: "Called: log it",
            trigger: ".o_kanban_record:contains(Urgente Ana) .o_prospect_queue_call",
            run: "click",
        },
        {
            content: "Answered, the lead leaves the queue; the other one waits",
            trigger:
                ".o_prospect_first_response_queue:not(:has(.o_kanban_record:contains(Urgente Ana))) .o_kanban_record:contains(Tranquilo Beto)",
        },
    ],
});
