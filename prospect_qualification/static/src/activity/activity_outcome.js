/** The "Mark Done" popover of a cadence activity asks for the outcome of
 * the attempt: one tap marks it done with that outcome (the server stores
 * it, writes it in the chatter and follows the step's branch for it). */
import { ActivityMarkAsDone } from "@mail/core/web/activity_markasdone_popover";
import { patch } from "@web/core/utils/patch";

patch(ActivityMarkAsDone.prototype, {
    get prospectOutcomes() {
        return this.props.activity.prospect_outcome_options || [];
    },

    async onClickProspectOutcome(outcome) {
        const activity = this.props.activity;
        const { res_id, res_model } = activity;
        const thread = this.env.services["mail.store"].Thread.insert({
            model: res_model,
            id: res_id,
        });
        await this.env.services.orm.call(
            "mail.activity",
            "action_prospect_done_with_outcome",
            [[activity.id]],
            { outcome, feedback: activity.feedback || false }
        );
        if (this.props.close) {
            this.props.close();
        }
        this.props.onActivityChanged(thread);
        await thread.fetchNewMessages();
    },
});
