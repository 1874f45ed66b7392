"""First and last names: read the right way round, and told apart on public screens without
ever showing a service user's last name."""

import pytest

from partnerday.names import NameSplit, PublicPerson, public_names, split_full_name, without_first_name


@pytest.mark.parametrize("typed, first, last, ambiguous", [
    ("DUPONT Marie", "Marie", "DUPONT", False),
    ("Marie DUPONT", "Marie", "DUPONT", False),
    ("EL AMRANI Fatima", "Fatima", "EL AMRANI", False),
    ("Fatima EL AMRANI", "Fatima", "EL AMRANI", False),
    ("Marie-Claire van den BROECK", "Marie-Claire", "van den BROECK", False),
    ("D'ALMEIDA Ana Sofia", "Ana Sofia", "D'ALMEIDA", False),
    ("Marie Dupont", "Marie", "Dupont", False),
    ("Marie", "Marie", "", False),
    ("Jean Pierre Martin", "Jean", "Pierre Martin", True),
    ("MARIE DUPONT", "MARIE", "DUPONT", True),
    ("  Marie   DUPONT ", "Marie", "DUPONT", False),
])
def test_full_names_split_the_right_way_round(typed, first, last, ambiguous):
    assert split_full_name(typed) == NameSplit(first, last, ambiguous)


def test_a_last_name_column_holding_the_full_name_keeps_the_last_name():
    assert without_first_name("Marie Dupont", "Marie") == "Dupont"
    assert without_first_name("DUPONT Marie", "marie") == "DUPONT"
    assert without_first_name("Dupont", "Marie") == "Dupont"
    assert without_first_name("Marie", "Marie") == "Marie"


def person(first, last, role="worker", organisation="CPAS"):
    return PublicPerson(first, last, role, organisation)


def test_different_first_names_show_alone():
    assert public_names([person("Amina", "EL AMRANI"), person("Jef", "Claes", "user")]) == [
        "Amina", "Jef"]


def test_two_workers_sharing_a_first_name_show_their_initial():
    assert public_names([person("Marie", "Dupont"), person("marie", "Claes")]) == [
        "Marie D.", "marie C."]


def test_a_service_user_sharing_a_first_name_never_shows_a_last_name():
    names = public_names([person("Marie", "DUPONT", "user", "CPAS de Forest"),
                          person("Marie", "Claes", "worker", "Mission locale")])
    assert names == ["Marie", "Marie C."]
    names = public_names([person("Marie", "DUPONT", "user", "CPAS de Forest"),
                          person("Marie", "DURAND", "user", "Mission locale")])
    assert names == ["Marie (CPAS de Forest)", "Marie (Mission locale)"]
    assert all("DU" not in n and "D." not in n for n in names)


def test_same_initial_falls_back_to_the_organisation():
    assert public_names([person("Ali", "Ben", organisation="A"),
                         person("Ali", "Bo", organisation="B"), person("Zoé", "X")]) == [
        "Ali B. (A)", "Ali B. (B)", "Zoé"]
