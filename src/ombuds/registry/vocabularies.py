"""Vocabularies of the registry, with the codes of the standards they map onto on export.

Codes follow research/B_standards.md section 9: outcome killed/injured/unknown (Landmine
Monitor), status groups and sex as SDG 16.1.2 disaggregates them, IMSMA accident types folded
into the incident types, and the claims vocabulary for causes so that figures computed from
records share keys with figures claimed by sources.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    UNKNOWN = "unknown", "Unknown"


# SDG 16.1.2 writes sex as Man / Woman / Unknown.
SDG_SEX: dict[str, str] = {Sex.MALE: "Man", Sex.FEMALE: "Woman", Sex.UNKNOWN: "Unknown"}


class IncidentType(models.TextChoices):
    MINE = "mine", "Mine accident"
    ERW = "erw", "Explosive remnant of war (UXO, AXO, cluster)"
    IMPROVISED_MINE = "improvised_mine", "Improvised mine / IED"
    DEMINING = "demining", "Demining accident"
    SHELLING = "shelling", "Shelling (artillery, rockets, missiles)"
    AIRSTRIKE = "airstrike", "Air strike"
    DRONE_STRIKE = "drone_strike", "Drone strike"
    GUNFIRE = "gunfire", "Gunfire"
    DETENTION = "detention", "Detention"
    DISAPPEARANCE = "disappearance", "Disappearance"
    DESTRUCTION = "destruction", "Destruction of property"
    OTHER = "other", "Other"


class Cause(models.TextChoices):
    """The claims vocabulary of causes (claims/CONTRACT.md); "" when none applies."""

    LANDMINE = "landmine", "Landmine, ERW or improvised mine"
    SHELLING = "shelling", "Shelling"
    AIRSTRIKE = "airstrike", "Air strike"
    GUNFIRE = "gunfire", "Gunfire"
    CAPTIVITY = "captivity", "In captivity"
    NONE = "", "Other or unknown"


CAUSE_OF_INCIDENT: dict[str, str] = {
    IncidentType.MINE: Cause.LANDMINE,
    IncidentType.ERW: Cause.LANDMINE,
    IncidentType.IMPROVISED_MINE: Cause.LANDMINE,
    IncidentType.DEMINING: Cause.LANDMINE,
    IncidentType.SHELLING: Cause.SHELLING,
    IncidentType.AIRSTRIKE: Cause.AIRSTRIKE,
    IncidentType.DRONE_STRIKE: Cause.AIRSTRIKE,
    IncidentType.GUNFIRE: Cause.GUNFIRE,
    IncidentType.DETENTION: Cause.CAPTIVITY,
}

# IMSMA accident type codes, for the mine-action incident types.
IMSMA_ACCIDENT_TYPE = {
    IncidentType.MINE: "Mine",
    IncidentType.ERW: "UXO/AXO",
    IncidentType.IMPROVISED_MINE: "IED",
    IncidentType.DEMINING: "Demining",
}


def cause_of(incident_type: str) -> str:
    """The claims-vocabulary cause of an incident type ("" for none)."""
    return CAUSE_OF_INCIDENT.get(incident_type, "")


class Outcome(models.TextChoices):
    KILLED = "killed", "Killed"
    INJURED = "injured", "Injured"
    UNKNOWN = "unknown", "Unknown"


class StatusGroup(models.TextChoices):
    CIVILIAN = "civilian", "Civilian"
    SERVICEMAN = "serviceman", "Serviceman"
    DEMINER = "deminer", "Deminer"
    UNKNOWN = "unknown", "Unknown"


# Landmine Monitor reports civilian / military / deminer; SDG 16.1.2 has its own status codes.
MONITOR_STATUS: dict[str, str] = {
    StatusGroup.CIVILIAN: "civilian",
    StatusGroup.SERVICEMAN: "military",
    StatusGroup.DEMINER: "deminer",
    StatusGroup.UNKNOWN: "unknown",
}
SDG_STATUS: dict[str, str] = {
    StatusGroup.CIVILIAN: "Civilian",
    StatusGroup.SERVICEMAN: "Member of armed forces",
    StatusGroup.DEMINER: "Other protected person",
    StatusGroup.UNKNOWN: "Unknown",
}


class AgeGroup(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"
    ELDERLY = "elderly", "Elderly"
    UNKNOWN = "unknown", "Unknown"


def age_group_of(age: int | None) -> str:
    """The age group of an age in years by the configured thresholds; unknown for None."""
    if age is None:
        return AgeGroup.UNKNOWN
    if age < settings.OMBUDS_CHILD_AGE_BELOW:
        return AgeGroup.CHILD
    if age >= settings.OMBUDS_ELDERLY_AGE_FROM:
        return AgeGroup.ELDERLY
    return AgeGroup.ADULT


class NameKind(models.TextChoices):
    ORIGINAL = "original", "Original"
    TRANSLITERATION = "transliteration", "Transliteration"
    ALIAS = "alias", "Alias"


class Script(models.TextChoices):
    LATIN = "Latn", "Latin"
    CYRILLIC = "Cyrl", "Cyrillic"
    ARMENIAN = "Armn", "Armenian"
    OTHER = "other", "Other"


class ConsentScope(models.TextChoices):
    """Who the person or family allowed the data to be shared with, narrowest first."""

    NONE = "none", "Nobody outside the case team"
    OFFICE = "office", "The office"
    PARTNERS = "partners", "Partner organisations"
    PUBLIC = "public", "The public"


CONSENT_ORDER: list[str] = [
    ConsentScope.NONE,
    ConsentScope.OFFICE,
    ConsentScope.PARTNERS,
    ConsentScope.PUBLIC,
]


class MissingStatus(models.TextChoices):
    """The ICMP-style course of a case; no status closes a case by itself."""

    REPORTED = "reported", "Reported"
    UNDER_INVESTIGATION = "under_investigation", "Under investigation"
    LOCATED_ALIVE = "located_alive", "Located alive"
    LOCATED_DEAD = "located_dead", "Located dead (remains recovered)"
    DNA_MATCH = "dna_match", "DNA match reported"
    IDENTIFIED = "identified", "Identified"
    REMAINS_RETURNED = "remains_returned", "Remains returned to the family"


class Circumstance(models.TextChoices):
    ARREST = "arrest", "Arrest or detention"
    ABDUCTION = "abduction", "Abduction"
    COMBAT = "combat", "Combat"
    FLIGHT = "flight", "Displacement or flight"
    UNKNOWN = "unknown", "Unknown"


class ObjectType(models.TextChoices):
    HOUSE = "house", "House"
    APARTMENT_BUILDING = "apartment_building", "Apartment building"
    SCHOOL = "school", "School"
    HOSPITAL = "hospital", "Hospital or medical facility"
    KINDERGARTEN = "kindergarten", "Kindergarten"
    RELIGIOUS_SITE = "religious_site", "Religious site"
    CULTURAL_SITE = "cultural_site", "Cultural site"
    CEMETERY = "cemetery", "Cemetery"
    BUILDING = "building", "Other building"
    OTHER = "other", "Other civilian object"


# The claims subject each object type is counted under.
SUBJECT_OF_OBJECT: dict[str, str] = {
    ObjectType.HOUSE: "houses",
    ObjectType.APARTMENT_BUILDING: "apartment_buildings",
    ObjectType.SCHOOL: "schools",
    ObjectType.HOSPITAL: "hospitals",
    ObjectType.KINDERGARTEN: "kindergartens",
    ObjectType.RELIGIOUS_SITE: "religious_sites",
    ObjectType.CULTURAL_SITE: "cultural_sites",
    ObjectType.CEMETERY: "cemeteries",
    ObjectType.BUILDING: "buildings",
    ObjectType.OTHER: "civilian_objects",
}


class DamageGrade(models.TextChoices):
    DESTROYED = "destroyed", "Destroyed"
    DAMAGED = "damaged", "Damaged"
