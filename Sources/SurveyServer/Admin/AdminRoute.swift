import Foundation
import SurveyCore
import SurveyStore

/// One admin API call the server answers: method, path, who may make it, and the work it does.
struct AdminRoute: Sendable {
    /// Who may make the call.
    enum Access: Sendable {
        /// Office staff (named accounts or the shared admin token).
        case staff
        /// Staff, or a unit's link for its own rows.
        case staffOrUnit
    }

    /// Where the work runs.
    enum Work: Sendable {
        /// Reads the database only, so it runs off the loop thread; the reply comes back through the inbox.
        case read(@Sendable (SurveyDatabase, AdminCall) throws -> HTTPResponse)
        /// Reads or changes the hub, so it runs on the loop thread and may return actions for it.
        case loop(@Sendable (AdminAPI, AdminCall, inout Hub) throws -> (HTTPResponse, [HubAction]))
        /// Decided on the loop thread from the hub, without I/O (`AdminPlan`): answered there, or
        /// read off it, or stored off it (one change at a time, in order) and applied to the hub
        /// when stored.
        case plan(@Sendable (AdminAPI, AdminCall, Hub) -> AdminPlan)
    }

    let method: String
    /// The path after `/api/`, split at `/`; `*` stands for one parameter.
    let pattern: [String]
    let access: Access
    let work: Work

    init(_ method: String, _ path: String, _ work: Work, access: Access = .staff) {
        self.method = method
        self.pattern = path.split(separator: "/").map(String.init)
        self.access = access
        self.work = work
    }

    /// The parameters, if `segments` (after `api`) fit the pattern.
    func parameters(for segments: ArraySlice<String>) -> [String]? {
        guard segments.count == pattern.count else { return nil }
        var parameters: [String] = []
        for (part, segment) in zip(pattern, segments) {
            if part == "*" {
                parameters.append(segment)
            } else if part != segment {
                return nil
            }
        }
        return parameters
    }
}

/// One admin API call being answered: the request, its path parameters, and who makes it.
struct AdminCall: Sendable {
    let request: HTTPRequest
    let parameters: [String]
    /// The staff member, or nil for a unit's link.
    let staff: StaffMember?
    /// The unit whose link makes the call, if it is one.
    let unit: String?
    let now: Date

    /// Who is written into the audit trail and the row history.
    var actor: String { staff?.name ?? unit ?? "" }

    /// The first path parameter.
    var parameter: String { parameters.first ?? "" }
}

/// What the admin API does with a request: an answer now, database reading to do elsewhere, or a
/// change to store elsewhere and then apply.
enum AdminDispatch {
    case answer(HTTPResponse, [HubAction])
    /// Read on a global queue; its hub part only answers.
    case read(AdminStore)
    /// Stored on the admin writes queue, one change at a time; its hub part applies the change.
    case store(AdminStore)
}

/// A call decided on the loop thread: answered there (a refusal), or read or stored off it.
enum AdminPlan {
    case answer(HTTPResponse)
    case read(AdminStore)
    case store(AdminStore)

    /// A reading off the loop thread whose result is the answer.
    static func reading(_ read: @escaping @Sendable (SurveyDatabase) throws -> HTTPResponse) -> AdminPlan {
        .read(answering(read))
    }
}

/// A reading whose result is the answer, as the part of a store that leaves the hub as it is.
func answering(_ read: @escaping @Sendable (SurveyDatabase) throws -> HTTPResponse) -> AdminStore {
    { database in
        let response = try read(database)
        return { _ in (response, []) }
    }
}

/// The store's part of a change, run off the loop thread. It returns the hub's part, run back on
/// the loop thread: what the stored change does to the hub, and the reply. A store that throws has
/// changed nothing (its transaction rolled back).
typealias AdminStore = @Sendable (SurveyDatabase) throws -> AdminApply
typealias AdminApply = @Sendable (inout Hub) -> (HTTPResponse, [HubAction])

/// What a change stored off the loop thread does to the hub, back on the loop thread.
typealias HubApply = @Sendable (inout Hub) -> [HubAction]
