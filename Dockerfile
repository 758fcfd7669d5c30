FROM python:3.11-slim-bookworm
# Pango for WeasyPrint's PDFs, DejaVu fonts so PDFs never fetch fonts, gettext for catalogues.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY . .
RUN pip install --no-cache-dir -c constraints.txt . \
 && useradd --system --home /app macforum \
 && mkdir -p /var/lib/macforum && chown macforum /var/lib/macforum
# The web, worker and beat processes run as this unprivileged user, never as root: a migration
# reads what a share's ordinary reader may read, and nothing it could not.
USER macforum
ENV DJANGO_SETTINGS_MODULE=macforum_projects.settings
EXPOSE 8000
