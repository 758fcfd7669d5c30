from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from engagements.access import require_internal
from engagements.quotes.selectors import pipeline_for
from engagements.quotes.views.access import require_quote_editor


@login_required
def pipeline(request):
    """Sales see their own quotes; coordinators see everyone's."""
    require_internal(request)
    require_quote_editor(request)
    return render(request, "quotes/pipeline.html", {"pipeline": pipeline_for(request.user)})
