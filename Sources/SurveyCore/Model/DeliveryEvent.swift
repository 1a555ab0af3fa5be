import Foundation

/// One step of a survey's way to a supervisor, recorded for staff.
public struct DeliveryEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The server sent the survey to a connected page.
        case pushed
        /// The page confirmed it has the survey.
        case received
        /// The supervisor opened it.
        case opened
    }

    public var supervisorID: String
    public var survey: String
    public var version: Int
    public var kind: Kind
    public var at: Date

    public init(supervisorID: String, survey: String, version: Int, kind: Kind, at: Date) {
        self.supervisorID = supervisorID
        self.survey = survey
        self.version = version
        self.kind = kind
        self.at = at
    }
}
