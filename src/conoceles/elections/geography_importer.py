"""Importer of the process's geography: secciones with their district and municipality (the INE's sección table).

Districts and municipalities are created as the secciones name them; the other catalogs: elections.importers.
"""

from dataclasses import dataclass

from django.db import IntegrityError

from conoceles.core.text import fold
from conoceles.imports.base import Importer, ImportResult
from conoceles.imports.error_codes import ImportErrorCode
from conoceles.imports.rows import Column, Row, parse_district_label

from .catalog import is_provisional_key, municipality_key
from .models import District, Municipality, Section


@dataclass
class SectionRecord:
    number: int
    district_number: int
    head_town: str
    municipality_key: str
    municipality_name: str


class GeographyImporter(Importer):
    kind = "geography"
    written_models = (District, Municipality, Section)
    key_column = "SECCION"
    columns = (
        Column("SECCION", required=True, aliases=("SECCION ELECTORAL", "NUM SECCION")),
        Column("DISTRITO", required=True, aliases=("DISTRITO LOCAL", "DISTRITOLOCAL", "NUM DISTRITO")),
        Column("CABECERA", aliases=("CABECERA DISTRITAL", "CABECERA DISTRITO")),
        Column("CLAVE_MUNICIPIO", required=True, aliases=("CLAVE INEGI", "CVE MUN", "ID MUNICIPIO")),
        Column("MUNICIPIO", required=True, aliases=("NOMBRE MUNICIPIO",)),
    )

    def __init__(self, process, user=None):
        super().__init__(process, user)
        self.forget()

    def forget(self):
        self.districts = {d.number: d for d in self.process.districts.all()}
        self.municipalities = {m.inegi_key: m for m in self.process.municipalities.all()}
        # named by the INE's open data without a key (conoceles.elections.catalog.provisional_municipality_key)
        self.provisional = {fold(m.name): m for k, m in self.municipalities.items() if is_provisional_key(k)}

    def parse(self, row: Row):
        number = row.integer("SECCION", minimum=1)
        if number is None and not row.errors:
            row.error("SECCION", ImportErrorCode.REQUIRED, "Es obligatoria y está vacía.")
        district_text = row.require("DISTRITO")
        district_number, head_from_label = parse_district_label(district_text) if district_text else (None, "")
        if district_text and district_number is None:
            row.error("DISTRITO", ImportErrorCode.BAD_DISTRICT, f"«{district_text}» no es un número de distrito.")
        key_text = row.require("CLAVE_MUNICIPIO")
        key = municipality_key(self.process, key_text) if key_text else None
        if key_text and (key is None or not key.startswith(f"{self.process.entity:02d}")):
            row.error(
                "CLAVE_MUNICIPIO",
                ImportErrorCode.BAD_MUNICIPALITY_KEY,
                f"«{key_text}» no es una clave INEGI de municipio de esta entidad (p. ej. "
                f"{self.process.entity:02d}004 o 004).",
            )
        name = row.require("MUNICIPIO")
        if row.errors:
            return None
        return SectionRecord(number, district_number, row.text("CABECERA") or head_from_label, key, name)

    def key(self, record: SectionRecord) -> str:
        return str(record.number)

    def _upsert_places(self, records: list[SectionRecord], outcome: ImportResult) -> None:
        """Create the chunk's new districts and municipalities in two statements; update changed names."""
        new_districts, new_municipalities = {}, {}
        for record in records:
            district = self.districts.get(record.district_number) or new_districts.get(record.district_number)
            if district is None:
                new_districts[record.district_number] = District(
                    process=self.process, number=record.district_number, head_town=record.head_town
                )
            elif record.head_town and district.head_town != record.head_town:
                district.head_town = record.head_town
                if district.pk:
                    district.save(update_fields=["head_town"])
                    outcome.counts["districts_updated"] += 1
            municipality = self.municipalities.get(record.municipality_key) or new_municipalities.get(
                record.municipality_key
            )
            if municipality is None and fold(record.municipality_name) in self.provisional:
                municipality = self.provisional.pop(fold(record.municipality_name))
                del self.municipalities[municipality.inegi_key]
                municipality.inegi_key, municipality.name = record.municipality_key, record.municipality_name
                municipality.save(update_fields=["inegi_key", "name"])
                self.municipalities[municipality.inegi_key] = municipality
                outcome.counts["municipalities_updated"] += 1
            if municipality is None:
                new_municipalities[record.municipality_key] = Municipality(
                    process=self.process, inegi_key=record.municipality_key, name=record.municipality_name
                )
            elif municipality.name != record.municipality_name:
                municipality.name = record.municipality_name
                if municipality.pk:
                    municipality.save(update_fields=["name"])
                    outcome.counts["municipalities_updated"] += 1
        for district in District.objects.bulk_create(new_districts.values()):
            self.districts[district.number] = district
        for municipality in Municipality.objects.bulk_create(new_municipalities.values()):
            self.municipalities[municipality.inegi_key] = municipality
        outcome.counts["districts_created"] += len(new_districts)
        outcome.counts["municipalities_created"] += len(new_municipalities)

    def save(self, records, outcome: ImportResult) -> None:
        records = [record for _, record in records]
        self._upsert_places(records, outcome)
        existing = {
            s.number: s for s in Section.objects.filter(process=self.process, number__in=[r.number for r in records])
        }
        new, changed = [], []
        for record in records:
            district = self.districts[record.district_number]
            municipality = self.municipalities[record.municipality_key]
            section = existing.get(record.number)
            if section is None:
                new.append(
                    Section(process=self.process, number=record.number, district=district, municipality=municipality)
                )
            elif (section.district_id, section.municipality_id) != (district.pk, municipality.pk):
                section.district, section.municipality = district, municipality
                changed.append(section)
            else:
                outcome.counts["unchanged"] += 1
        Section.objects.bulk_create(new)
        Section.objects.bulk_update(changed, ["district", "municipality"])
        outcome.counts["created"] += len(new)
        outcome.counts["updated"] += len(changed)

    def describe_integrity_error(self, exc: IntegrityError) -> str:
        return "El nombre del municipio ya lo usa otra clave INEGI en este proceso."
