# Copyright 2026 Prospect Qualification developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ...models.customer.res_partner import classify_purchases
from ..common import ProspectQualificationCase

TODAY = date(2026, 6, 30)
INACTIVE_NOTE = "Became an inactive customer"


class CustomerClassCase(ProspectQualificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Known settings whatever the database says.
        cls.company.write(
            {
                "prospect_current_min_purchases": 3,
                "prospect_customer_window_days": 365,
                "prospect_regularity_tolerance": 50,
            }
        )

    @classmethod
    def _customer(cls, name="Ferretería Gómez SL", **values):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "company_id": cls.company.id} | values
        )

    @classmethod
    def _buy(cls, partner, *days_ago, today=TODAY):
        """One won opportunity of `partner` per value of `days_ago`, closed at
        noon (UTC) that many days before `today`."""
        other_company = partner.company_id and partner.company_id != cls.company
        return cls.env["crm.lead"].create(
            [
                {
                    "name": f"Pedido {partner.name} -{days}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "company_id": partner.company_id.id or cls.company.id,
                    "team_id": False if other_company else cls.team.id,
                    "user_id": False if other_company else cls.user_salesman.id,
                    "stage_id": cls.stage_won.id,
                    "date_closed": datetime.combine(
                        today - timedelta(days=days), time(12)
                    ),
                }
                for days in days_ago
            ]
        )

    def _classify(self, partners, today=TODAY):
        with freeze_time(datetime.combine(today, time(3))):
            partners._prospect_update_customer_class()
        return partners

    def _inactive_notes(self, partner):
        return partner.message_ids.filtered(lambda m: INACTIVE_NOTE in (m.body or ""))


@tagged("post_install", "-at_install")
class TestCustomerClassBoundaries(CustomerClassCase):
    def test_never_bought(self):
        partner = self._customer()
        self._create_leads(1, partner_id=partner.id)  # open
        lost = self._create_leads(1, partner_id=partner.id)
        lost.action_set_lost()
        self._classify(partner)
        self.assertEqual(partner.customer_class, "none")
        self.assertFalse(partner.customer_last_purchase_date)
        self.assertEqual(partner.customer_purchase_count, 0)

    def test_exactly_n_purchases_is_current(self):
        partner = self._customer()
        self._buy(partner, 60, 30, 0)
        self._classify(partner)
        self.assertEqual(partner.customer_class, "current")
        self.assertEqual(partner.customer_purchase_count, 3)
        self.assertEqual(partner.customer_last_purchase_date, TODAY)

    def test_one_purchase_less_is_active(self):
        partner = self._customer()
        self._buy(partner, 30, 0)
        self._classify(partner)
        self.assertEqual(partner.customer_class, "active")
        self.assertEqual(partner.customer_purchase_count, 2)

    def test_purchases_on_the_same_day_count_once(self):
        partner = self._customer()
        self._buy(partner, 30, 0, 0)
        self._classify(partner)
        self.assertEqual(partner.customer_class, "active")
        self.assertEqual(partner.customer_purchase_count, 2)

    def test_n_is_a_setting(self):
        partner = self._customer()
        self._buy(partner, 30, 0)
        self.company.prospect_current_min_purchases = 2
        self._classify(partner)
        self.assertEqual(partner.customer_class, "current")

    def test_window_edge(self):
        on_edge, past_edge = (
            self._customer("En el borde SL"),
            self._customer("Fuera del borde SL"),
        )
        self._buy(on_edge, 365)
        self._buy(past_edge, 366)
        self._classify(on_edge | past_edge)
        self.assertEqual(on_edge.customer_class, "active")
        self.assertEqual(on_edge.customer_purchase_count, 1)
        self.assertEqual(past_edge.customer_class, "inactive")
        self.assertEqual(past_edge.customer_purchase_count, 0)
        self.assertEqual(
            past_edge.customer_last_purchase_date, TODAY - timedelta(days=366)
        )
        # A shorter window.
        self.company.prospect_customer_window_days = 90
        self._buy(on_edge, 90)
        self._buy(past_edge, 91)
        self._classify(on_edge | past_edge)
        self.assertEqual(on_edge.customer_class, "active")
        self.assertEqual(past_edge.customer_class, "inactive")

    def test_regularity_tolerance_edge(self):
        # Gaps 24 and 40 days: mean 32, both 8 days (25 %) away from it.
        regular, irregular = (
            self._customer("Regular SL"),
            self._customer("Irregular SL"),
        )
        self._buy(regular, 64, 40, 0)
        # Gaps 23 and 41: 9 days (28.1 %) away from the mean of 32.
        self._buy(irregular, 64, 41, 0)
        self.company.prospect_regularity_tolerance = 25
        self._classify(regular | irregular)
        self.assertEqual(regular.customer_class, "current")
        self.assertEqual(irregular.customer_class, "active")
        self.company.prospect_regularity_tolerance = 29
        self._classify(irregular)
        self.assertEqual(irregular.customer_class, "current")

    def test_zero_tolerance_needs_equal_gaps(self):
        partner = self._customer()
        self._buy(partner, 60, 30, 0)
        self.company.prospect_regularity_tolerance = 0
        self._classify(partner)
        self.assertEqual(partner.customer_class, "current")
        self._buy(partner, 89)  # gaps 29, 30, 30
        self._classify(partner)
        self.assertEqual(partner.customer_class, "active")

    def test_missed_expected_purchase_is_not_regular(self):
        # Every 30 days, last one 45 days ago: 30 + 50 % = 45, still current.
        on_time, late = self._customer("Puntual SL"), self._customer("Tardío SL")
        self._buy(on_time, 105, 75, 45)
        self._buy(late, 106, 76, 46)
        self._classify(on_time | late)
        self.assertEqual(on_time.customer_class, "current")
        self.assertEqual(late.customer_class, "active")

    def test_irregular_many_purchases_is_active(self):
        partner = self._customer()
        self._buy(partner, 200, 198, 196, 10)
        self._classify(partner)
        self.assertEqual(partner.customer_class, "active")
        self.assertEqual(partner.customer_purchase_count, 4)

    def test_classify_purchases_function(self):
        days = [TODAY - timedelta(days=d) for d in (90, 60, 30)]
        self.assertEqual(classify_purchases([], TODAY, 3, 365, 50), ("none", 0))
        self.assertEqual(classify_purchases(days, TODAY, 3, 365, 50), ("current", 3))
        self.assertEqual(classify_purchases(days, TODAY, 4, 365, 50), ("active", 3))
        self.assertEqual(classify_purchases(days, TODAY, 3, 29, 50), ("inactive", 0))
        self.assertEqual(classify_purchases(days, TODAY, 3, 30, 50), ("active", 1))

    def test_settings_are_checked(self):
        valid = {
            "prospect_current_min_purchases": 3,
            "prospect_customer_window_days": 365,
            "prospect_regularity_tolerance": 50,
        }
        for fname, value, message in [
            ("prospect_current_min_purchases", 1, "between 2 and 365 purchases"),
            ("prospect_current_min_purchases", 366, "between 2 and 365 purchases"),
            ("prospect_customer_window_days", 0, "between 1 and 3650 days"),
            # A window of millions of days would make every win fail; one
            # too large for the column would fail in the database.
            ("prospect_customer_window_days", 3651, "between 1 and 3650 days"),
            ("prospect_customer_window_days", 10**9, "between 1 and 3650 days"),
            ("prospect_customer_window_days", 10**12, "between 1 and 3650 days"),
            ("prospect_regularity_tolerance", 120, "between 0 and 100 %"),
            ("prospect_regularity_tolerance", -1, "between 0 and 100 %"),
        ]:
            with (
                self.subTest(fname=fname, value=value),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.company.write(dict(valid, **{fname: value}))
        self.company.write(
            dict(
                valid,
                prospect_regularity_tolerance=0,
                prospect_customer_window_days=3650,
                prospect_current_min_purchases=365,
            )
        )
        # At the bounds, winning (which classifies the customer) works.
        partner = self._customer()
        self._buy(partner, 30)
        self.assertEqual(partner.customer_class, "active")

    def test_settings_form(self):
        settings = self.env["res.config.settings"].create(
            {
                "prospect_current_min_purchases": 4,
                "prospect_customer_window_days": 180,
                "prospect_regularity_tolerance": 30,
            }
        )
        settings.execute()
        self.assertEqual(
            (
                self.company.prospect_current_min_purchases,
                self.company.prospect_customer_window_days,
                self.company.prospect_regularity_tolerance,
            ),
            (4, 180, 30),
        )


@tagged("post_install", "-at_install")
class TestCustomerClassUpdates(CustomerClassCase):
    def test_contact_purchase_counts_for_company(self):
        company = self._customer()
        buyer, colleague = self.env["res.partner"].create(
            [
                {"name": "Lucía Gómez", "parent_id": company.id},
                {"name": "Pedro Gómez", "parent_id": company.id},
            ]
        )
        self._buy(buyer, 60)
        self._buy(colleague, 30)
        self._buy(company, 0)
        self._classify(buyer)
        self.assertEqual(company.customer_class, "current")
        self.assertEqual(company.customer_purchase_count, 3)
        self.assertEqual((buyer | colleague).mapped("customer_class"), ["current"] * 2)
        # Their opportunities show the class, and filter on it.
        lead = self._create_leads(1, partner_id=colleague.id)
        self.assertEqual(lead.partner_customer_class, "current")
        found = self.env["crm.lead"].search(
            [("partner_customer_class", "=", "current"), ("id", "=", lead.id)]
        )
        self.assertEqual(found, lead)
        # A contact joining the company takes its class.
        newcomer = self.env["res.partner"].create({"name": "Ana Ruiz"})
        self.assertEqual(newcomer.customer_class, "none")
        with freeze_time(datetime.combine(TODAY, time(3))):
            newcomer.parent_id = company
            newcomer.flush_recordset()
        self.assertEqual(newcomer.customer_class, "current")

    def test_new_contacts_read_no_opportunity(self):
        """Creating contacts anywhere (imports, e-mail, portal sign-ups) does
        not count purchases: a new contact takes its company's class."""
        company = self._customer()
        self._buy(company, 60, 30, 0)
        self._classify(company)
        self.assertEqual(company.customer_class, "current")
        self.env.flush_all()
        with self.assertLogs("odoo.sql_db", "DEBUG") as queries:
            contact, loner, other_company = self.env["res.partner"].create(
                [
                    {"name": "Lucía Gómez", "parent_id": company.id},
                    {"name": "Ana Ruiz"},
                    {"name": "Filial SA", "parent_id": company.id, "is_company": True},
                ]
            )
            self.env.flush_all()
        self.assertFalse([q for q in queries.output if "crm_lead" in q])
        self.assertEqual(
            (contact.customer_class, contact.customer_purchase_count),
            ("current", 3),
        )
        self.assertEqual(contact.customer_last_purchase_date, TODAY)
        self.assertEqual(loner.customer_class, "none")
        self.assertEqual(other_company.customer_class, "none")

    def test_won_opportunity_updates_class_at_once(self):
        partner = self._customer()
        lead = self._create_leads(1, partner_id=partner.id)
        self.assertEqual(partner.customer_class, "none")
        lead.action_set_won()
        self.assertEqual(partner.customer_class, "active")
        self.assertEqual(partner.customer_last_purchase_date, fields.Date.today())
        # Taken back (moved out of the won stage): no purchase any more.
        lead.stage_id = self.stage_qualified
        self.assertEqual(partner.customer_class, "none")

    def test_filters_on_partners(self):
        current, inactive = self._customer("Actual SL"), self._customer("Inactivo SL")
        self._buy(current, 60, 30, 0)
        self._buy(inactive, 400)
        self._classify(current | inactive)
        Partner = self.env["res.partner"]
        ids = (current | inactive).ids
        self.assertEqual(
            Partner.search([("customer_class", "=", "current"), ("id", "in", ids)]),
            current,
        )
        self.assertEqual(
            Partner.search([("customer_class", "=", "inactive"), ("id", "in", ids)]),
            inactive,
        )

    def test_class_ignores_record_rules_of_the_user(self):
        # A salesperson wins their lead for a customer who also bought from
        # another salesperson: both purchases count.
        partner = self._customer()
        self._buy(partner, 30).user_id = self.user_salesman_other
        lead = self._create_leads(1, partner_id=partner.id)
        with freeze_time(datetime.combine(TODAY, time(9))):
            lead.with_user(self.user_salesman).action_set_won()
        self.assertEqual(partner.customer_purchase_count, 2)

    def test_confirmed_sale_orders_count(self):
        if not self.env["res.partner"]._prospect_sale_installed():
            self.skipTest(
                "the Sales app (sale) is not installed in this database: "
                "confirmed sale orders cannot be counted"
            )
        partner = self._customer()
        product = self.env["product.product"].create(
            {"name": "Mantenimiento", "type": "service", "list_price": 100}
        )
        orders = self.env["sale.order"]
        for days in (60, 30):
            with freeze_time(datetime.combine(TODAY - timedelta(days=days), time(12))):
                order = orders.create(
                    {
                        "partner_id": partner.id,
                        "order_line": [(0, 0, {"product_id": product.id})],
                    }
                )
                order.action_confirm()
        draft = orders.create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )
        self._buy(partner, 0)
        self._classify(partner)
        self.assertEqual(draft.state, "draft")
        self.assertEqual(partner.customer_purchase_count, 3)
        self.assertEqual(partner.customer_class, "current")


@tagged("post_install", "-at_install")
class TestCustomerInactiveTrigger(CustomerClassCase):
    def test_inactive_fires_once(self):
        partner, still_active = self._customer(), self._customer("Sigue Activo SL")
        contact = self.env["res.partner"].create(
            {"name": "Lucía Gómez", "parent_id": partner.id}
        )
        Partner = self.env["res.partner"]
        # Bought on TODAY's calendar, whatever the real date.
        with freeze_time(datetime.combine(TODAY, time(3))):
            self._buy(partner, 300)
            self._buy(still_active, 10)
            Partner._cron_prospect_update_customer_class()
        self.assertEqual(partner.customer_class, "active")
        self.assertFalse(self._inactive_notes(partner))
        # 66 days later the purchase left the 365-day window.
        later = TODAY + timedelta(days=66)
        with freeze_time(datetime.combine(later, time(3))):
            Partner._cron_prospect_update_customer_class()
        self.assertEqual(partner.customer_class, "inactive")
        self.assertEqual(contact.customer_class, "inactive")
        notes = self._inactive_notes(partner)
        self.assertEqual(len(notes), 1)
        self.assertIn(
            "no purchase since", notes.body, "the note says since when it is inactive"
        )
        self.assertFalse(self._inactive_notes(contact), "only the company is told")
        self.assertFalse(self._inactive_notes(still_active))
        # Still inactive on the next nights: not told again.
        for days in (1, 2):
            with freeze_time(datetime.combine(later + timedelta(days=days), time(3))):
                Partner._cron_prospect_update_customer_class()
        self.assertEqual(len(self._inactive_notes(partner)), 1)
        # Buys again, then lapses again: a new turn, told again.
        self._buy(partner, 0, today=later)
        self._classify(partner, later)
        self.assertEqual(partner.customer_class, "active")
        much_later = later + timedelta(days=366)
        with freeze_time(datetime.combine(much_later, time(3))):
            Partner._cron_prospect_update_customer_class()
        self.assertEqual(len(self._inactive_notes(partner)), 2)

    def test_turned_inactive_returns_the_partners(self):
        first, second, active = (
            self._customer("Uno SL"),
            self._customer("Dos SL"),
            self._customer("Tres SL"),
        )
        self._buy(first, 300)
        self._buy(second, 300)
        self._buy(active, 10)
        self._classify(first | second | active)
        partners = first | second | active
        with freeze_time(datetime.combine(TODAY + timedelta(days=70), time(3))):
            turned = partners._prospect_update_customer_class()
            self.assertEqual(turned, first | second)
            self.assertFalse(partners._prospect_update_customer_class())

    def test_inactive_customers_are_announced_once(self):
        """The other features hear of each partner that turns inactive, once,
        through the `_on_customer_inactive` hook (the follow-up rules start
        their reactivation cadences there)."""
        Partner = type(self.env["res.partner"])
        announce = Partner._on_customer_inactive
        received = []

        def spy(partners):
            received.append(partners)
            return announce(partners)

        partner = self._customer()
        self._buy(partner, 300)
        self._classify(partner)
        self.patch(Partner, "_on_customer_inactive", spy)
        later = TODAY + timedelta(days=70)
        self._classify(partner, later)
        self._classify(partner, later + timedelta(days=1))
        self.assertEqual(received, [partner])


@tagged("post_install", "-at_install")
class TestCustomerClassBatches(CustomerClassCase):
    def _customers_with_purchases(self, size):
        partners = self.env["res.partner"].create(
            [{"name": f"Cliente {index}", "is_company": True} for index in range(size)]
        )
        self.env["crm.lead"].with_context(tracking_disable=True).create(
            [
                {
                    "name": f"Pedido {index}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "team_id": self.team.id,
                    "stage_id": self.stage_won.id,
                    "date_closed": datetime.combine(
                        TODAY - timedelta(days=index % 400), time(12)
                    ),
                }
                for index, partner in enumerate(partners)
            ]
        )
        return partners

    def test_recompute_query_count_is_flat(self):
        counts = self.assertFlatQueryCount(
            self._customers_with_purchases,
            lambda partners: self._classify(partners),
            max_queries=10,
        )
        self.assertLessEqual(counts[1], counts[0])

    def test_cron_in_small_batches(self):
        partners = self._customers_with_purchases(7)
        self.env.cr.execute(
            "UPDATE res_partner SET customer_class = 'none' WHERE id IN %s",
            [tuple(partners.ids)],
        )
        self.env.invalidate_all()
        cron = self.env.ref("prospect_qualification.ir_cron_prospect_customer_class")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        Partner = self.env["res.partner"].with_context(ir_cron_progress_id=progress.id)
        candidates = Partner._prospect_customer_class_candidates()
        self.assertTrue(set(partners.ids) <= set(candidates))
        with freeze_time(datetime.combine(TODAY, time(3))):
            done = Partner._cron_prospect_update_customer_class(batch_size=3)
        self.assertEqual(done, len(candidates))
        self.assertEqual((progress.done, progress.remaining), (len(candidates), 0))
        self.assertNotIn("none", partners.mapped("customer_class"))
        self.assertEqual(
            partners[:3].mapped("customer_class"), ["active", "active", "active"]
        )

    def test_scheduled_action_runs(self):
        partner = self._customer()
        self._buy(partner, 500)
        self.env.cr.execute(
            "UPDATE res_partner SET customer_class = 'none' WHERE id = %s",
            [partner.id],
        )
        self.env.invalidate_all()
        cron = self.env.ref("prospect_qualification.ir_cron_prospect_customer_class")
        cron.method_direct_trigger()
        self.assertEqual(partner.customer_class, "inactive")


@tagged("post_install", "-at_install")
class TestCustomerClassStage(CustomerClassCase):
    def test_stage_becoming_won_updates_class(self):
        partner = self._customer()
        self._create_leads(1, partner_id=partner.id, stage_id=self.stage_qualified.id)
        self.assertEqual(partner.customer_class, "none")
        self.stage_qualified.is_won = True
        self.assertEqual(partner.customer_class, "active")


@tagged("post_install", "-at_install")
class TestCustomerClassCompanies(CustomerClassCase):
    def test_settings_of_the_partner_company(self):
        company_b = self.env["res.company"].create(
            {"name": "Distribuciones Sur SL", "prospect_customer_window_days": 30}
        )
        ours = self._customer("Nuestro SL")
        theirs = self._customer("Suyo SL", company_id=company_b.id)
        shared = self._customer("Compartido SL", company_id=False)
        for partner in ours | theirs | shared:
            self._buy(partner, 60)
        self._classify(ours | theirs | shared)
        self.assertEqual(ours.customer_class, "active")
        self.assertEqual(theirs.customer_class, "inactive")
        # Shared partners follow the main company.
        self.assertEqual(shared.customer_class, "active")
