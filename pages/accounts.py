"""Organisers: the team's accounts (organisers, the arrivals desk) and the log of who did what
with personal data. In the account's language."""

import pandas as pd
import streamlit as st

from partnerday import i18n, ui
from partnerday.accounts import MIN_PASSWORD, AccountRefused
from partnerday.auth import generate_password
from partnerday.i18n import _
from partnerday.services import preparation
from partnerday.models import ACCOUNT_ROLE_LABELS


SUGGESTED = "suggested_password"  # the same on every run until the account is made


def create_form(me) -> None:
    with st.form("new_account", clear_on_submit=True):
        st.subheader(_("Créer un compte"))
        cols = st.columns(2)
        name = cols[0].text_input(_("Nom"), max_chars=200)
        login = cols[1].text_input(_("Identifiant (son e-mail)"), max_chars=254)
        roles = i18n.labels(ACCOUNT_ROLE_LABELS)
        role = cols[0].selectbox(_("Rôle"), list(roles), format_func=roles.get,
                                 help=_("L'accueil n'ouvre que la page Arrivées : chercher une "
                                        "personne, l'enregistrer, la changer de table, les "
                                        "inscriptions sur place."))
        password = cols[1].text_input(_("Mot de passe ({count} caractères au moins)").format(
                                          count=MIN_PASSWORD),
                                      value=st.session_state.setdefault(
                                          SUGGESTED, generate_password()), type="password",
                                      help=_("Proposé au hasard : notez-le (l'œil l'affiche), "
                                             "ou tapez-en un autre."))
        if st.form_submit_button(_("Créer le compte"), type="primary"):
            try:
                made = preparation.create_account(ui.engine(), login, name, role, password, me)
            except AccountRefused as refused:
                ui.show_refusal(refused)
            else:
                st.session_state.pop(SUGGESTED, None)  # the next account gets another
                ui.flash(_("Compte « {login} » créé ({role}) : transmettez-lui son mot de "
                           "passe de vive voix.").format(login=made.login, role=made.role_label))
                st.rerun()


def password_form(me, accounts) -> None:
    labels = {a.id: f"{a.name} ({a.login})" for a in accounts}
    with st.form("password", clear_on_submit=True):
        st.subheader(_("Changer un mot de passe"))
        chosen = st.selectbox(_("Compte"), list(labels), format_func=labels.get,
                              index=list(labels).index(me.id) if me.id in labels else 0)
        password = st.text_input(_("Nouveau mot de passe ({count} caractères au moins)").format(
            count=MIN_PASSWORD), type="password")
        st.caption(_("Toutes les sessions ouvertes de ce compte se ferment, sur tous les "
                     "appareils."))
        if st.form_submit_button(_("Changer le mot de passe")):
            try:
                preparation.change_password(ui.engine(), chosen, password, labels[chosen], me)
            except AccountRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash(_("Mot de passe de {account} changé.").format(account=labels[chosen]))
                st.rerun()


def disable_form(me, accounts) -> None:
    off = " · " + _("désactivé")
    labels = {a.id: f"{a.name} ({a.login}){off if a.disabled else ''}" for a in accounts}
    with st.form("disable"):
        st.subheader(_("Désactiver ou réactiver un compte"))
        chosen = st.selectbox(_("Compte"), list(labels), format_func=labels.get)
        cols = st.columns(2)
        disable = cols[0].form_submit_button(_("Désactiver"))
        enable = cols[1].form_submit_button(_("Réactiver"))
        if disable or enable:
            try:
                preparation.set_disabled(ui.engine(), chosen, disable, labels[chosen], me)
            except AccountRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash(_("Compte désactivé.") if disable else _("Compte réactivé."))
                st.rerun()


def render() -> None:
    me = ui.account()
    st.title(_("Comptes et journal"))
    ui.show_flash()
    page = preparation.accounts_page(ui.engine())
    accounts, log = page.accounts, page.log
    st.dataframe(pd.DataFrame([{_("nom"): a.name, _("identifiant"): a.login,
                                _("rôle"): a.role_label,
                                _("état"): _("désactivé") if a.disabled else _("actif")}
                               for a in accounts]), hide_index=True, width="stretch",
                 placeholder=ui.NO_VALUE)
    create_form(me)
    password_form(me, accounts)
    disable_form(me, accounts)
    st.subheader(_("Journal des données personnelles"))
    st.caption(_("Qui a exporté, sauvegardé, restauré, effacé ou envoyé des données "
                 "personnelles, et quand (les 500 dernières actions)."))
    if log.empty:
        st.info(_("Rien pour l'instant."))
    else:
        st.dataframe(log, hide_index=True, width="stretch",
                     column_config={"quand": _("quand"), "qui": _("qui"), "quoi": _("quoi"),
                                    "détail": _("détail")}, placeholder=ui.NO_VALUE)


if __name__ == "__main__":
    ui.hand_over_to_app()
