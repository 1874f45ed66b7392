"""The phone page's elements with fixed content and no database: how much of the phone page's
cost is the framework drawing its elements (compare with bench/bare_app.py and the app)."""

import streamlit as st

st.title("Bonjour Amina\u00a0!")
st.caption("Répétition générale · ASBL Alpha Quartier")
st.html("<div style='text-align:center'><div>Votre table du petit déjeuner</div><div>3</div></div>")
st.iframe("<script>document.cookie='x=1;path=/'</script>", height=1)
st.subheader("Questions ouvertes")
with st.form("poll"):
    st.markdown("**Pour vous, le Partner Day sert surtout à…**")
    st.caption("0 = créer du lien · 10 = produire du contenu")
    st.slider("Votre position", 0, 10, 5)
    st.form_submit_button("Envoyer", type="primary", width="stretch")
st.subheader("Qui fait quoi ?")
st.text_input("Chercher une structure, un service ou un thème", max_chars=100)
st.caption("20 structures partenaires : tapez un mot pour les filtrer.")
