"""The codes of the public site's refusals (ValidationError.code) and of its API's (the `code` of every JSON error of
/api/v1/); values are stable."""

from enum import StrEnum


class PublicErrorCode(StrEnum):
    """Why a citizen's search on the public site, or a request to its API, was refused."""

    NOT_A_NUMBER = "not_a_number"  # the electoral section is not a number
    UNKNOWN = "unknown"  # no such section in the process
    # The API's own refusals (conoceles.api)
    BAD_REQUEST = "bad_request"  # a request the server cannot read (a host it does not serve, say)
    INVALID_PARAMETER = "invalid_parameter"  # a parameter of the wrong type or out of its range
    INVALID_FILTER = "invalid_filter"  # a filter of the search refuses its value (a cargo of another process, say)
    NOT_FOUND = "not_found"  # no such address in the API
    PROCESS_NOT_FOUND = "process_not_found"  # no current electoral process with that id
    NOT_PUBLISHED = "not_published"  # the candidacy does not exist or is not on the public site
    SUBSTITUTED = "substituted"  # the candidacy was substituted: the answer names its substitute
    METHOD_NOT_ALLOWED = "method_not_allowed"  # the API only reads: GET, HEAD and OPTIONS
    RATE_LIMITED = "rate_limited"  # too many requests from one address: try again after Retry-After seconds
    SERVER_ERROR = "server_error"  # the server failed; nothing the client can change
