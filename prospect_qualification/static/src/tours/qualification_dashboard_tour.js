/** @odoo-module **/
/* A sales manager opens the Qualification dashboard, picks a period and a
   sales team, reads the funnel and the time in state, and opens the funnel
   analysis behind the card (desktop and phone). */
import {registry} from "@web/core/registry";

function dashboardSteps() {
    return [
        {
            content: "The dashboard shows the funnel",
            trigger: ".o_prospect_dashboard_funnel .o_prospect_funnel_step",
        },
        {
            content: "All time",
            trigger: "select.o_prospect_dashboard_period",
            run: "selectByLabel All time",
        },
        {
            content: "Our sales team",
            trigger: "select.o_prospect_dashboard_team",
            run: "selectByLabel Equipo Prospección",
        },
        {
            content: "Six leads entered the funnel",
            trigger:
                ".o_prospect_funnel_step[data-state=lead] .o_prospect_funnel_count:contains(6)",
        },
        {
            content: "Four became prospects (66.7 %)",
            trigger:
                ".o_prospect_funnel_step[data-state=prospect]:contains(4):contains(66.7)",
        },
        {
            content: "One became a customer",
            trigger:
                ".o_prospect_funnel_step[data-state=customer] .o_prospect_funnel_count:contains(1)",
        },
        {
            content: "Prospects stay 4 days at the median",
            trigger:
                ".o_prospect_dashboard_time tr[data-state=prospect] .o_prospect_median_days:contains(4)",
        },
    ];
}

registry.category("web_tour.tours").add("prospect_qualification_dashboard_desktop_tour", {
    steps: () => [
        ...dashboardSteps(),
        {
            content: "Open the funnel analysis",
            trigger: ".o_prospect_dashboard_funnel",
            run: "click",
        },
        {
            content: "The funnel pivot, filtered on the team",
            trigger: ".o_pivot_view .o_searchview_facet:contains(Equipo Prospección)",
        },
        {
            content: "with the number of prospects",
            trigger: ".o_pivot_view th:contains(Prospects)",
        },
    ],
});

registry.category("web_tour.tours").add("prospect_qualification_dashboard_mobile_tour", {
    steps: () => [
        ...dashboardSteps(),
        {
            content: "Open the funnel analysis",
            trigger: ".o_prospect_dashboard_funnel",
            run: "click",
        },
        {
            content: "The funnel pivot opens (the search facets are folded on a phone)",
            trigger: ".o_main_navbar:contains(Qualification Funnel)",
        },
        {
            content: "filtered on the team: its six leads",
            trigger: ".o_pivot_view tbody tr:first .o_pivot_cell_value:first:contains(6)",
        },
    ],
});
