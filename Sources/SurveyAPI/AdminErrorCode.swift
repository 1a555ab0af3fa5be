/// The stable code of every admin API refusal, and the one place each code gets its HTTP status.
public enum AdminErrorCode: String, Codable, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case unknownAudience = "unknown_audience"
    case unauthorized
    case forbidden
    case notYourRow = "not_your_row"
    case notFound = "not_found"
    case notOpen = "not_open"
    case unknownComment = "unknown_comment"
    case unknownEvidence = "unknown_evidence"
    case unknownItem = "unknown_item"
    case unknownRow = "unknown_row"
    case unknownStaff = "unknown_staff"
    case unknownSupervisor = "unknown_supervisor"
    case unknownSurvey = "unknown_survey"
    case unknownUnit = "unknown_unit"
    case duplicateEvidence = "duplicate_evidence"
    case staffExists = "staff_exists"
    case workflow
    case tooLarge = "too_large"
    case refusedType = "refused_type"
    /// A method the server does not serve at all (`CONNECT`: it is no proxy).
    case methodNotAllowed = "method_not_allowed"
    /// A body without a Content-Length (chunked), which the API does not read.
    case lengthRequired = "length_required"
    /// Too many uploads at once on one link, or on the server.
    case tooManyUploads = "too_many_uploads"
    case invalidRoster = "invalid_roster"
    case invalidSurvey = "invalid_survey"
    case invalidUnits = "invalid_units"
    /// An assignment to a unit that is not on the office's list of units.
    case unlistedUnit = "unlisted_unit"
    /// A problem entered from a channel the office file does not list.
    case unknownSource = "unknown_source"
    /// A problem entered or imported with a missing or wrong field.
    case invalidEntry = "invalid_entry"
    case `internal`

    /// The HTTP status this refusal is answered with.
    public var status: Int {
        switch self {
        case .badRequest, .unknownAudience: 400
        case .unauthorized: 401
        case .forbidden, .notYourRow: 403
        case .notFound, .notOpen, .unknownComment, .unknownEvidence, .unknownItem, .unknownRow, .unknownStaff, .unknownSupervisor,
            .unknownSurvey, .unknownUnit:
            404
        case .methodNotAllowed: 405
        case .duplicateEvidence, .staffExists, .workflow: 409
        case .lengthRequired: 411
        case .tooLarge: 413
        case .refusedType: 415
        case .tooManyUploads: 429
        case .invalidRoster, .invalidSurvey, .invalidUnits, .unlistedUnit, .unknownSource, .invalidEntry: 422
        case .internal: 500
        }
    }
}
