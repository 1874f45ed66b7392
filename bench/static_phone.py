"""The phone page's elements with fixed content and no database: how much of the phone page's
cost is the framework drawing its elements (compare with bench/bare_app.py and the app)."""

import streamlit as st

st.html("<h1>Bonjour Amina\u00a0!</h1><p>Répétition générale · ASBL Alpha Quartier</p>"
        "<div style='text-align:center'><div>Votre table du petit déjeuner</div><div>3</div>"
        "</div><script>document.cookie='x=1;path=/'</script>", unsafe_allow_javascript=True)
st.subheader("Questions ouvertes")
with st.form("poll"):
    st.markdown("**Pour vous, le Partner Day sert surtout à…**  \n"
                ":gray[0 = créer du lien · 10 = produire du contenu]")
    st.slider("Votre position", 0, 10, 5)
    st.form_submit_button("Envoyer", type="primary", width="stretch")
st.subheader("Qui fait quoi ?")
st.text_input("Chercher parmi les 20 structures partenaires", max_chars=100)
