"""Organisers: the team's accounts (organisers, the arrivals desk) and the log of who did what
with personal data."""

import pandas as pd
import streamlit as st

from partnerday import ui
from partnerday.accounts import MIN_PASSWORD, AccountRefused
from partnerday.auth import generate_password
from partnerday.services import preparation
from partnerday.models import ACCOUNT_ROLE_LABELS


SUGGESTED = "suggested_password"  # the same on every run until the account is made


def create_form(me) -> None:
    with st.form("new_account", clear_on_submit=True):
        st.subheader("Créer un compte")
        cols = st.columns(2)
        name = cols[0].text_input("Nom", max_chars=200)
        login = cols[1].text_input("Identifiant (son e-mail)", max_chars=254)
        role = cols[0].selectbox("Rôle", list(ACCOUNT_ROLE_LABELS),
                                 format_func=ACCOUNT_ROLE_LABELS.get,
                                 help="L'accueil n'ouvre que la page Arrivées : chercher une "
                                      "personne, l'enregistrer, la changer de table, les "
                                      "inscriptions sur place.")
        password = cols[1].text_input(f"Mot de passe ({MIN_PASSWORD} caractères au moins)",
                                      value=st.session_state.setdefault(
                                          SUGGESTED, generate_password()), type="password",
                                      help="Proposé au hasard : notez-le (l'œil l'affiche), "
                                           "ou tapez-en un autre.")
        if st.form_submit_button("Créer le compte", type="primary"):
            try:
                made = preparation.create_account(ui.engine(), login, name, role, password, me)
            except AccountRefused as refused:
                ui.show_refusal(refused)
            else:
                st.session_state.pop(SUGGESTED, None)  # the next account gets another
                ui.flash(f"Compte « {made.login} » créé ({made.role_label}) : transmettez-lui "
                         "son mot de passe de vive voix.")
                st.rerun()


def password_form(me, accounts) -> None:
    labels = {a.id: f"{a.name} ({a.login})" for a in accounts}
    with st.form("password", clear_on_submit=True):
        st.subheader("Changer un mot de passe")
        chosen = st.selectbox("Compte", list(labels), format_func=labels.get,
                              index=list(labels).index(me.id) if me.id in labels else 0)
        password = st.text_input(f"Nouveau mot de passe ({MIN_PASSWORD} caractères au moins)",
                                 type="password")
        st.caption("Toutes les sessions ouvertes de ce compte se ferment, sur tous les "
                   "appareils.")
        if st.form_submit_button("Changer le mot de passe"):
            try:
                preparation.change_password(ui.engine(), chosen, password, labels[chosen], me)
            except AccountRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash(f"Mot de passe de {labels[chosen]} changé.")
                st.rerun()


def disable_form(me, accounts) -> None:
    labels = {a.id: f"{a.name} ({a.login}){' · désactivé' if a.disabled else ''}"
              for a in accounts}
    with st.form("disable"):
        st.subheader("Désactiver ou réactiver un compte")
        chosen = st.selectbox("Compte", list(labels), format_func=labels.get)
        cols = st.columns(2)
        disable = cols[0].form_submit_button("Désactiver")
        enable = cols[1].form_submit_button("Réactiver")
        if disable or enable:
            try:
                preparation.set_disabled(ui.engine(), chosen, disable, labels[chosen], me)
            except AccountRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash("Compte désactivé." if disable else "Compte réactivé.")
                st.rerun()


def render() -> None:
    me = ui.account()
    st.title("Comptes et journal")
    ui.show_flash()
    page = preparation.accounts_page(ui.engine())
    accounts, log = page.accounts, page.log
    st.dataframe(pd.DataFrame([{"nom": a.name, "identifiant": a.login, "rôle": a.role_label,
                                "état": "désactivé" if a.disabled else "actif"}
                               for a in accounts]), hide_index=True, width="stretch")
    create_form(me)
    password_form(me, accounts)
    disable_form(me, accounts)
    st.subheader("Journal des données personnelles")
    st.caption("Qui a exporté, sauvegardé, restauré, effacé ou envoyé des données personnelles, "
               "et quand (les 500 dernières actions).")
    if log.empty:
        st.info("Rien pour l'instant.")
    else:
        st.dataframe(log, hide_index=True, width="stretch")


if __name__ == "__main__":
    ui.hand_over_to_app()
