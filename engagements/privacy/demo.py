"""Demo data: an engagement that reaches the migration phase has its processor agreement, so a
bulk migration can be started from the migration page of the embedded run."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from engagements.demo import register_demo_step
from engagements.phases import Phase
from engagements.privacy.models import ProcessorAgreement
from engagements.privacy.services import processor_agreement_record


def demo_agreement_pdf(title: str) -> bytes:
    """A one-page PDF with one line of text, written by hand: the demo needs a real file to
    download, not a rendering engine."""
    text = (
        title.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    )
    stream = b"BT /F1 14 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def demo_processor_agreement(engagement) -> None:
    if ProcessorAgreement.objects.filter(engagement=engagement).exists():
        return
    contact = engagement.customer.contacts.first()
    content = demo_agreement_pdf(f"Personuppgiftsbiträdesavtal {engagement.reference}")
    processor_agreement_record(
        engagement=engagement,
        user=engagement.coordinator or engagement.seller,
        version="PUB 2026:1",
        signed_on=timezone.localdate() - timedelta(days=3),
        signer_name=contact.name if contact else "Demo",
        signer_role=(contact.role if contact and contact.role else "VD"),
        document=SimpleUploadedFile(
            f"PUB-{engagement.reference}.pdf", content, content_type="application/pdf"
        ),
    )


register_demo_step(to_phase=Phase.MIGRATING, step=demo_processor_agreement)
