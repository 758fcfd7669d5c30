"""The demo's engagements that reach migration get a processor agreement with a real PDF."""

from engagements.privacy.demo import demo_processor_agreement
from engagements.privacy.models import ProcessorAgreement


def test_the_demo_step_records_one_agreement_with_a_pdf(engagement):
    demo_processor_agreement(engagement)
    demo_processor_agreement(engagement)  # the loader may run a step twice
    agreement = ProcessorAgreement.objects.get(engagement=engagement)
    content = bytes(agreement.document)
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert agreement.version == "PUB 2026:1"
