/** @odoo-module **/
/* CRM ▸ Reporting ▸ Qualification ▸ Dashboard: the funnel, the time in
   state, speed to lead, follow-up compliance, promises and the contact
   rate for a period and a sales team. Figures come from one server
   call, prospect.qualification.dashboard.get_dashboard_data; each card opens
   the analysis behind it with the same filters. */
import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {useSetupAction} from "@web/search/action_hook";
import {Layout} from "@web/search/layout";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

const DASHBOARD_MODEL = "prospect.qualification.dashboard";

export class QualificationDashboard extends Component {
    static template = "prospect_qualification.QualificationDashboard";
    static components = {Layout};
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        const previous = this.props.state || {};
        this.state = useState({
            periodDays: previous.periodDays ?? 180,
            teamId: previous.teamId || false,
            data: null,
        });
        useSetupAction({
            getLocalState: () => ({
                periodDays: this.state.periodDays,
                teamId: this.state.teamId,
            }),
        });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call(DASHBOARD_MODEL, "get_dashboard_data", [], {
            period_days: this.state.periodDays,
            team_id: this.state.teamId,
        });
    }

    periodLabel(days) {
        if (!days) {
            return _t("All time");
        }
        return _t("Last %(days)s days", {days});
    }

    async onPeriodChange(ev) {
        this.state.periodDays = parseInt(ev.target.value, 10);
        await this.load();
    }

    async onTeamChange(ev) {
        this.state.teamId = parseInt(ev.target.value, 10) || false;
        await this.load();
    }

    barWidth(count) {
        const total = this.state.data.funnel.total;
        return total ? Math.max(2, Math.round((count * 100) / total)) : 0;
    }

    formatRate(rate) {
        return `${(rate || 0).toLocaleString(undefined, {maximumFractionDigits: 1})} %`;
    }

    formatDays(days) {
        if (days === null || days === undefined) {
            return "–";
        }
        return days.toLocaleString(undefined, {maximumFractionDigits: 1});
    }

    /** Percentage of `whole` that `part` is, for a bar width. */
    share(part, whole) {
        return whole ? (part * 100) / whole : 0;
    }

    /** An hour of the day, as on a clock: 9 → "09:00". */
    formatHour(hour) {
        return `${String(hour).padStart(2, "0")}:00`;
    }

    /** Hours as a readable duration: minutes under an hour, then hours. */
    formatHours(hours) {
        if (hours === null || hours === undefined) {
            return "–";
        }
        if (hours < 1) {
            return _t("%(minutes)s min", {minutes: Math.round(hours * 60)});
        }
        return _t("%(hours)s h", {
            hours: hours.toLocaleString(undefined, {maximumFractionDigits: 1}),
        });
    }

    async openReport(report) {
        const action = await this.orm.call(DASHBOARD_MODEL, "action_open_report", [report], {
            period_days: this.state.periodDays,
            team_id: this.state.teamId,
        });
        await this.actionService.doAction(action);
    }
}

registry.category("actions").add("prospect_qualification_dashboard", QualificationDashboard);
