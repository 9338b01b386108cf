"""Sign-up as residents need it (issue 23 item 10): districts in 가나다 order, the dong list
limited to the chosen district (also without JavaScript), no gender preselected; and a
verification that shows what the register says and changes nothing until confirmed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maeul.accounts.forms import SignupForm
from maeul.accounts.models import ResidentProfile, VerificationStatus, VerifiedIdentity
from maeul.places.models import Municipality, MunicipalityKind
from maeul.places.selectors import districts_in_korean_order
from tests.conftest import PASSWORD


def _option_values(field: Any) -> list[str]:
    return [str(value) for value, _label in field.field.choices]


def test_districts_in_korean_order_not_by_id(places: dict[str, Any]) -> None:
    # Created last, so the highest id: it must still come first in 가나다 order.
    seoul = places["geumcheon"].parent
    gangnam = Municipality.objects.create(
        slug="seoul-gangnam-gu",
        name="강남구",
        name_en="Gangnam-gu",
        kind=MunicipalityKind.DISTRICT,
        parent=seoul,
    )
    names = [d.name for d in districts_in_korean_order() if d.parent_id == seoul.pk]
    assert names == ["강남구", "관악구", "금천구"]
    offered = _option_values(SignupForm()["district"])
    assert offered[0] == ""
    assert offered.index(str(gangnam.pk)) < offered.index(str(places["gwanak"].pk))
    assert offered.index(str(places["gwanak"].pk)) < offered.index(str(places["geumcheon"].pk))


def test_dong_list_follows_the_chosen_district(places: dict[str, Any]) -> None:
    assert _option_values(SignupForm()["dong"]) == [""]
    chosen = SignupForm(data={"district": str(places["geumcheon"].pk)})
    dongs = _option_values(chosen["dong"])
    assert dongs[0] == "" and set(dongs[1:]) == {
        str(d.pk) for d in Municipality.objects.filter(parent=places["geumcheon"])
    }
    assert _option_values(SignupForm(data={"district": str(places["gwanak"].pk)})["dong"]) == [""]
    mapped = SignupForm().dong_map[str(places["geumcheon"].pk)]
    assert [name for _pk, name in mapped] == ["가산동", "독산1동"]


def test_no_gender_is_preselected(client: Client, places: dict[str, Any]) -> None:
    form = SignupForm()
    assert form.fields["gender"].required
    assert _option_values(form["gender"])[0] == ""
    html = client.get(reverse("accounts:signup")).content.decode()
    assert 'name="gender"' in html
    gender_select = html.split('name="gender"', 1)[1].split("</select>", 1)[0]
    assert gender_select.count("selected") == 1 and 'value="" selected' in gender_select


def test_choosing_a_district_without_script_rerenders_with_its_dongs(
    client: Client, places: dict[str, Any]
) -> None:
    response = client.post(
        reverse("accounts:signup"),
        {
            "district": places["geumcheon"].pk,
            "username": "kim.resident",
            "password1": PASSWORD,
            SignupForm.CHOOSE_DISTRICT: "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "가산동" in html and "독산1동" in html
    assert 'value="kim.resident"' in html  # kept
    assert PASSWORD not in html  # passwords are never sent back
    assert 'class="error"' not in html  # no errors for what is not filled in yet
    assert not ResidentProfile.objects.exists()


def _unverified(make_resident: Any, places: dict[str, Any], client: Client, **kw: Any) -> Any:
    user = make_resident(places["geumcheon"], places["gasan"], verified=False, **kw)
    client.force_login(user)
    return user


VERIFY = {"method": "demo", "name": "김하나", "identity_number": "900101-2000001"}


@pytest.fixture
def demo_only(settings: Any) -> None:
    settings.IDENTITY_ADAPTERS = ["demo"]


def test_differences_are_shown_and_nothing_changes_before_confirming(
    client: Client, places: dict[str, Any], make_resident: Any, demo_only: None
) -> None:
    user = _unverified(make_resident, places, client, birth_year=1980, gender="male")
    response = client.post(reverse("accounts:verify"), VERIFY)
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:verify_confirm"
    )
    client.cookies["maeul_language"] = "en"
    page = client.get(reverse("accounts:verify_confirm")).content.decode()
    for shown in ("1980", "1990", "Male", "Female"):
        assert shown in page
    profile = ResidentProfile.objects.get(user=user)
    assert (profile.birth_year, profile.gender, profile.is_verified) == (1980, "male", False)
    assert not VerifiedIdentity.objects.exists()
    assert "900101" not in str(client.session.items())  # the number is never kept


def test_confirming_applies_the_register(
    client: Client, places: dict[str, Any], make_resident: Any, demo_only: None
) -> None:
    user = _unverified(make_resident, places, client, birth_year=1980, gender="male")
    client.post(reverse("accounts:verify"), VERIFY)
    response = client.post(reverse("accounts:verify_confirm"), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    profile = ResidentProfile.objects.get(user=user)
    assert (profile.birth_year, profile.gender) == (1990, "female")
    assert profile.verification_status == VerificationStatus.VERIFIED
    assert (profile.district, profile.dong) == (places["geumcheon"], places["gasan"])
    assert VerifiedIdentity.objects.filter(user=user).count() == 1


def test_cancelling_leaves_the_account_unverified_and_unchanged(
    client: Client, places: dict[str, Any], make_resident: Any, demo_only: None
) -> None:
    user = _unverified(make_resident, places, client, birth_year=1980, gender="male")
    client.post(reverse("accounts:verify"), VERIFY)
    response = client.post(reverse("accounts:verify_confirm"), {"cancel": "1"})
    assert response.status_code == 302
    profile = ResidentProfile.objects.get(user=user)
    assert (profile.birth_year, profile.gender, profile.is_verified) == (1980, "male", False)
    assert not VerifiedIdentity.objects.exists()
    # The answer is spent: confirming afterwards does nothing but lead back to the form.
    again = client.post(reverse("accounts:verify_confirm"), {"confirm": "1"})
    assert again["Location"] == reverse("accounts:verify")
    assert not ResidentProfile.objects.get(user=user).is_verified


def test_matching_profile_is_verified_without_a_question(
    client: Client, places: dict[str, Any], make_resident: Any, demo_only: None
) -> None:
    user = _unverified(make_resident, places, client, birth_year=1990, gender="female")
    response = client.post(reverse("accounts:verify"), VERIFY)
    assert response["Location"] == reverse("accounts:profile")
    assert ResidentProfile.objects.get(user=user).is_verified
