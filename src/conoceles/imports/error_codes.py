"""The codes of the imports' refusals: each row error (RowError.code, stored in ImportRowError.code) and the upload
form's. Values are stable: ImportRowError rows, `manage.py import_file` and the API show them."""

from enum import StrEnum


class ImportErrorCode(StrEnum):
    """Why an import refused a file, a row or a cell (every importer's codes, and the upload form's)."""

    # The file and its header
    BAD_FILE = "bad_file"  # the file cannot be read
    MISSING_COLUMN = "missing_column"  # a required column is not in the header
    NO_ROWS = "no_rows"
    # Values
    REQUIRED = "required"  # a required cell is empty
    NOT_A_NUMBER = "not_a_number"
    OUT_OF_RANGE = "out_of_range"
    BAD_DATE = "bad_date"
    BAD_BOOLEAN = "bad_boolean"  # neither yes nor no
    UNKNOWN_VALUE = "unknown_value"  # not a value of the column's catalog
    BAD_EMAIL = "bad_email"
    TOO_LONG = "too_long"
    BAD_CODE = "bad_code"  # a cargo's key with characters other than letters, digits, «_» and «-»
    BAD_COLOR = "bad_color"  # not #RRGGBB
    BAD_DISTRICT = "bad_district"  # not a district number
    BAD_MUNICIPALITY_KEY = "bad_municipality_key"  # not an INEGI municipality key of the process's entity
    # Catalogs
    UNKNOWN_CARGO = "unknown_cargo"
    UNKNOWN_ACTOR = "unknown_actor"
    UNKNOWN_DISTRICT = "unknown_district"
    UNKNOWN_MUNICIPALITY = "unknown_municipality"
    UNKNOWN_CONTEST = "unknown_contest"
    UNKNOWN_MEMBER = "unknown_member"  # a coalition member that is not a party of the process
    NOT_FOR_SCOPE = "not_for_scope"  # a district or municipality for a cargo not elected by it
    SCOPE_IN_USE = "scope_in_use"  # the scope of a cargo that already has contests
    MEMBERS_REQUIRED = "members_required"  # a coalition or common candidacy with fewer than two parties
    MEMBERS_NOT_ALLOWED = "members_not_allowed"  # members for an actor that is not an alliance
    WINDOW_REVERSED = "window_reversed"  # the publication ends before it starts
    AFTER_ELECTION = "after_election"  # the publication ends after election day
    # Candidacies
    AGE_REQUIRED = "age_required"  # neither birth date nor age
    IMPLAUSIBLE_AGE = "implausible_age"  # under 18 or over 120 on election day
    SEAT_TAKEN = "seat_taken"  # another approved candidacy holds the place in the formula
    REPLACES_ITSELF = "replaces_itself"
    REPLACES_EXISTING = "replaces_existing"  # a substitution must bring a new registration id
    UNKNOWN_REPLACED = "unknown_replaced"
    REPLACED_NOT_ACTIVE = "replaced_not_active"
    REPLACEMENT_ELSEWHERE = "replacement_elsewhere"  # the substitute is of another contest or actor
    NEW_SUBSTITUTED = "new_substituted"  # a new candidacy that comes as SUSTITUIDA
    SUBSTITUTE_MISSING = "substitute_missing"  # SUSTITUIDA, but no row of the file substitutes it
    # The INE's open-data workbook (conoceles.opendata.ine_import)
    UNKNOWN_ENTITY = "unknown_entity"  # ENTIDAD is not one of the 32 entities
    PROCESS_MISSING = "process_missing"  # the entity has no process and no election day was given to create one
    NOT_IN_CANDIDATES = "not_in_candidates"  # an identity row whose fórmula and name are not in CANDIDATOS
    # Warnings: reported, the row is imported anyway
    POSITION_FROM_IDENTITY = "position_from_identity"  # the two sheets disagree on TIPO_CANDIDATO
    OVER_LIMIT = "over_limit"  # a text longer than the process's limit, kept whole
    NOT_AN_ADDRESS = "not_an_address"  # a web or network address that is not one, left out
    HIDDEN_ANSWER = "hidden_answer"  # an answer to a question its parent answer does not open, left out
    NO_SECTIONS = "no_sections"  # the process has no secciones yet: the ballot by sección waits for the geography
    # The file against the database
    DUPLICATED_IN_FILE = "duplicated_in_file"  # the same key twice in the file
    CONFLICT = "conflict"  # the database refused the row
    # The upload form
    BAD_EXTENSION = "bad_extension"  # neither .csv nor .xlsx
    FILE_TOO_BIG = "file_too_big"
