import Foundation

/// One answer that is a case of its own (个案线索, 一事一办): who raised it and what they wrote.
/// The supervisor is shown to office staff only.
public struct CaseLead: Codable, Sendable, Equatable {
    public var key: FindingKey
    /// Every review item the case speaks to, the lead first.
    public var items: [String]
    public var survey: String
    public var supervisorID: String
    /// The day it was raised (`yyyy-MM-dd`, Beijing time), from which its deadline counts.
    public var raisedOn: String
    /// Working days the case has.
    public var workingDays: Int
    /// What the supervisor wrote about it, when the rule names a detail question.
    public var detail: String?
    /// The lead unit its rule names, if any.
    public var unit: String?

    public init(
        key: FindingKey, items: [String], survey: String, supervisorID: String, raisedOn: String, workingDays: Int, detail: String?,
        unit: String? = nil
    ) {
        self.unit = unit
        self.key = key
        self.items = items
        self.survey = survey
        self.supervisorID = supervisorID
        self.raisedOn = raisedOn
        self.workingDays = workingDays
        self.detail = detail
    }
}
