/** A stage the server refuses (the stage gate) is not kept in the form.
 *
 * The status bar (desktop buttons, phone dropdown, "Move to" commands) sets
 * the stage and saves the record. When the save fails, Odoo keeps the stage
 * as an unsaved change: the next save (Save, any action button, "New
 * Quotation") sends it again and is refused again, and the user is stuck
 * until they discard all their edits. For the stage of a lead, a move that
 * was not saved is undone: the stage and what its onchange set go back to
 * what they were, the other unsaved edits stay, and the refusal is shown as
 * usual. */
import {toRaw} from "@odoo/owl";
import {browser} from "@web/core/browser/browser";
import {RPCError} from "@web/core/network/rpc";
import {patch} from "@web/core/utils/patch";
import {StatusBarField} from "@web/views/fields/statusbar/statusbar_field";

function takeSnapshot(record) {
    return {
        data: {...toRaw(record.data)},
        changes: {...record._changes},
        textValues: {...record._textValues},
        dirty: record.dirty,
    };
}

function putBack(values, saved, fieldName) {
    if (fieldName in saved) {
        values[fieldName] = saved[fieldName];
    } else {
        delete values[fieldName];
    }
}

/** Put back the fields the move changed (from `before` to `after`), unless
 * the user edited them since; as the undo of Record._applyChanges does. */
function undoMove(record, before, after) {
    const data = toRaw(record.data);
    for (const fieldName in after.data) {
        const moved = after.data[fieldName] !== before.data[fieldName];
        if (!moved || data[fieldName] !== after.data[fieldName]) {
            continue;
        }
        record.data[fieldName] = before.data[fieldName];
        putBack(record._changes, before.changes, fieldName);
        putBack(record._textValues, before.textValues, fieldName);
    }
    const changes = record._changes;
    const editedSince =
        Object.keys(changes).length !== Object.keys(before.changes).length ||
        Object.keys(changes).some(
            (fieldName) => changes[fieldName] !== before.changes[fieldName]
        );
    record.dirty = before.dirty || editedSince;
    record._setEvalContext();
}

patch(StatusBarField.prototype, {
    async selectItem(item) {
        const {name, record} = this.props;
        if (record.resModel !== "crm.lead" || name !== "stage_id") {
            return super.selectItem(...arguments);
        }
        // The move and its save as Odoo's selectItem makes them (update,
        // then save), but in one job of the record's queue, with the states
        // before and after the move: a save queued meanwhile (a button
        // clicked before the answer) runs after the undo and does not send
        // the refused stage again, and the edits committed on the way (the
        // field the click leaves) are not mistaken for the move.
        await record.model._askChanges();
        await record.model.mutex.exec(async () => {
            const before = takeSnapshot(record);
            await record._update({[name]: [item.value, item.label]});
            const after = takeSnapshot(record);
            const undo = () => {
                undoMove(record, before, after);
                // The status bar ignores the renders of the frame in which
                // it lays its stages out (its adjust, which follows the
                // render of the move): an answer that quick would leave the
                // refused stage shown. Render it again once that frame has
                // passed.
                browser.requestAnimationFrame(() => this.render());
            };
            let saved = false;
            try {
                saved = await record._save();
            } catch (error) {
                // The server answered with an error (the gate's refusal, or
                // any other): nothing was written.
                if (error instanceof RPCError) {
                    undo();
                }
                throw error;
            }
            if (!saved) {
                // Not sent (a required field is empty): the move is not kept
                // either, or the next Save would make it.
                undo();
            }
        });
    },
});
