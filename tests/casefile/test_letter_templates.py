from meldpunt.casefile.admin import LetterTemplateForm


def test_a_letter_template_with_a_syntax_error_is_refused_in_dutch(db):
    form = LetterTemplateForm(
        data={
            "kind": "feedback_reporter",
            "subject": "Melding",
            "body": "Geachte {{ aan }, {% if %}",
        }
    )
    assert not form.is_valid()
    assert "fout" in form.errors["body"][0]


def test_a_valid_letter_template_is_accepted(db):
    form = LetterTemplateForm(
        data={"kind": "feedback_reporter", "subject": "Melding", "body": "Geachte {{ aan }},"}
    )
    assert form.is_valid(), form.errors
