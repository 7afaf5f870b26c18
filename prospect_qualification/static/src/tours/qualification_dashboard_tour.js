/** @odoo-module **/
/* A sales manager opens the Qualification dashboard, picks a period and a
   sales team, reads the funnel, the time in state, speed to lead,
   follow-up compliance and the contact rate, and opens the analyses behind
   the cards (desktop and phone). */
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
        {
            content: "Half of the first-response deadlines were met",
            trigger: ".o_prospect_dashboard_sla .o_prospect_sla_met_rate:contains(50)",
        },
        {
            content: "The median first response took 2 hours",
            trigger: ".o_prospect_dashboard_sla .o_prospect_sla_median:contains(2 h)",
        },
        {
            content: "Three deadlines breached",
            trigger:
                ".o_prospect_dashboard_sla .o_prospect_sla_count[data-state=breached]:contains(3)",
        },
        {
            content: "Sara left two follow-up steps overdue",
            trigger:
                ".o_prospect_compliance_row:contains(Sara Vendedora) .o_prospect_compliance_overdue:contains(2)",
        },
        {
            content: "Marta comes first: all her steps on time",
            trigger:
                ".o_prospect_compliance_row:first:contains(Marta Jefa):contains(100)",
        },
        {
            content: "55.6 % of the steps due were done on time",
            trigger: ".o_prospect_compliance_rate:contains(55.6)",
        },
        {
            content: "3 calls of 7 reached someone",
            trigger: ".o_prospect_dashboard_contact_rate .o_prospect_contact_rate:contains(42.9)",
        },
        {
            content: "the calls per channel",
            trigger:
                ".o_prospect_contact_channel[data-channel=phone] .o_prospect_contact_channel_rate:contains(42.9)",
        },
        {
            content: "two leads of the three reached at the first attempt",
            trigger:
                ".o_prospect_contact_attempt[data-attempt='1'] .o_prospect_contact_cumulative:contains(66.7)",
        },
    ];
}

function backToDashboard() {
    return [
        {
            content: "Back to the dashboard",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            content: "The dashboard keeps its team",
            trigger:
                ".o_prospect_dashboard_funnel .o_prospect_funnel_step[data-state=lead] .o_prospect_funnel_count:contains(6)",
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
        ...backToDashboard(),
        {
            content: "Open the follow-up compliance analysis",
            trigger: ".o_prospect_dashboard_compliance",
            run: "click",
        },
        {
            content: "The compliance pivot, filtered on the team",
            trigger: ".o_pivot_view .o_searchview_facet:contains(Equipo Prospección)",
        },
        {
            content: "one row per salesperson",
            trigger: ".o_pivot_view th:contains(Sara Vendedora)",
        },
        {
            content: "with the steps done late",
            trigger: ".o_pivot_view th:contains(Done Late)",
        },
        ...backToDashboard(),
        {
            content: "Open the contact-rate analysis",
            trigger: ".o_prospect_dashboard_contact_rate",
            run: "click",
        },
        {
            content: "The contact-rate pivot, filtered on the team",
            trigger: ".o_pivot_view .o_searchview_facet:contains(Equipo Prospección)",
        },
        {
            content: "one column per channel",
            trigger: ".o_pivot_view th:contains(Phone call)",
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
        ...backToDashboard(),
        {
            content: "Open the speed-to-lead analysis",
            trigger: ".o_prospect_dashboard_sla",
            run: "click",
        },
        {
            content: "The speed-to-lead pivot opens",
            trigger: ".o_main_navbar:contains(Speed to Lead)",
        },
        {
            content: "filtered on the team: three deadlines met",
            trigger: ".o_pivot_view th:contains(Met)",
        },
    ],
});
