"""Demo data: a demo engagement walked to closed has its survey sent (as on its day in the window
after the final invoice that invoicing's demo step issued just before) and one response, so the
feedback page's charts and the engagement's feedback show something in `make run`."""

from engagements.demo import register_demo_step
from engagements.phases import Phase
from feedback.models import Response
from feedback.selectors import survey_of, survey_window
from feedback.services import survey_answer, survey_link_token, survey_send
from invoicing.selectors import final_invoice_sent_at


def demo_survey_and_response(engagement) -> None:
    final_at = final_invoice_sent_at(engagement=engagement)
    if final_at is None:
        return
    if survey_of(engagement) is None:
        window = survey_window(final_invoice_sent_at=final_at)
        survey_send(engagement=engagement, final_invoice_at=final_at, today=window.day)
    survey = survey_of(engagement)
    invitation = survey.invitations.first() if survey else None
    if invitation is None or Response.objects.filter(invitation=invitation).exists():
        return
    survey_answer(
        token=survey_link_token(invitation),
        seller_rating=5,
        seller_comment="Sara förklarade offerten tydligt och höll vad hon lovade.",
        team_rating=4,
        team_comment="Smidig flytt. Utbildningen kunde ha varit en timme längre.",
        recommendation=9,
    )


register_demo_step(to_phase=Phase.CLOSED, step=demo_survey_and_response)
