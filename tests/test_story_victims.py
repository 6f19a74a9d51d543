"""Victim counts written with a loss verb (lost, потеряли, айырылды)."""

import pytest

from qorgau.extract.pipeline import extract_document


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("At least 6 pensioners lost a total of 2 million tenge to fake couriers.", 6),
        ("15 жителей потеряли сбережения после звонков лжебанкиров.", 15),
        ("Алаяқтардың кесірінен 4 зейнеткер ақшасынан айырылды.", 4),
    ],
)
def test_victims_counted_from_loss_verbs(text, value):
    counts = [f.value for f in extract_document(text).of_kind("count")]
    assert {"what": "victims", "value": value} in counts


def test_losing_a_phone_is_no_victim_count():
    text = "He lost 2 phones last year."
    counts = [f.value for f in extract_document(text).of_kind("count")]
    assert not any(c["what"] == "victims" for c in counts)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("По данным следствия, пострадавшими стали 9 человек из трёх областей.", 9),
        ("Потерпевшими по этому делу признаны 11 человек.", 11),
        ("Потерпевшими признаны 11 человек.", 11),
        ("Всего признаны потерпевшими 11 граждан.", 11),
        ("Число пострадавших достигло 15 человек.", 15),
        ("В полицию обратились 6 жительниц Костаная, которые перевели деньги лжеброкерам.", 6),
        ("С заявлениями обратились 8 пенсионеров, у которых похитили сбережения и обманули.", 8),
        ("Алаяқтардан зардап шеккендер саны 14-ке жетті.", 14),
        ("Жәбірленушілер саны он төртке жетті.", 14),
        ("Осы схемадан 14 адам зардап шекті.", 14),
        ("Сот отырысында 5 адам жәбірленуші деп танылды.", 5),
        ("Полицияға 7 тұрғын жүгініп, ақшасынан айырылғанын айтты.", 7),
        ("Eight people fell victim to the fake exchange.", 8),
        ("Nine residents reported losing money to the fake exchange.", 9),
        ("Nine residents contacted the police after they had transferred money to a fake broker.", 9),
    ],
)
def test_victims_counted_from_status_and_complaint(text, value):
    counts = [f.value for f in extract_document(text).of_kind("count")]
    assert {"what": "victims", "value": value} in counts


@pytest.mark.parametrize(
    "text",
    [
        # people counted for other reasons
        "Задержаны 5 жителей Караганды.",
        "В полицию обратились 120 человек за консультацией по новым правилам.",
        "С заявлениями обратились 40 жителей района по поводу ремонта дороги.",
        "Полицияға 7 тұрғын анықтама алу үшін жүгінді.",
        "Тұрғындар саны 300-ге жетті.",
        "Nine residents reported the incident to the police.",
        "Nine residents contacted the police about a noisy neighbour.",
        # the injured counted before an unrelated verb of people
        "Полиция опросила потерпевших, задержаны 5 человек.",
    ],
)
def test_people_counted_for_other_reasons_are_no_victims(text):
    counts = [f.value for f in extract_document(text).of_kind("count")]
    assert not any(c["what"] == "victims" for c in counts)
