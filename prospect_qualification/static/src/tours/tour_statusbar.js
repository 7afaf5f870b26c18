/** @odoo-module **/
/* Tour helper: choose a stage in the form's statusbar, on desktop and on a
   phone. */

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const isShown = (el) => el.offsetParent !== null && !el.classList.contains("d-none");

/* On a phone the statusbar shows the stages that fit and puts the others in
   dropdowns ("..."); which ones depends on the labels' width. A step's run:
   its trigger is the statusbar (".o_statusbar_status"). */
export function chooseStage(label) {
    return async function (helpers) {
        const buttons = [...this.anchor.querySelectorAll("button[role=radio]")];
        const inline = buttons.find((b) => isShown(b) && b.textContent.includes(label));
        if (inline) {
            await helpers.click(inline);
            return;
        }
        const toggles = [...this.anchor.querySelectorAll(".dropdown-toggle")].filter(
            isShown
        );
        for (const toggle of toggles) {
            await helpers.click(toggle);
            await nextFrame();
            await nextFrame();
            const item = [
                ...document.querySelectorAll(".o-dropdown--menu .dropdown-item"),
            ].find((el) => el.textContent.includes(label));
            if (item) {
                await helpers.click(item);
                return;
            }
            await helpers.click(toggle);
        }
        throw new Error(`Stage ${label} not found in the statusbar`);
    };
}
