import Foundation

/// A launched version of a survey, with its client payload encoded once and shared by every push.
public struct PublishedSurvey: Sendable, Equatable {
    public let survey: Survey
    public let version: Int
    public let launchedAt: Date
    /// After this time no answers are taken.
    public let deadline: Date?
    /// Who receives it.
    public let audience: Audience
    /// The JSON object clients receive: the survey plus its version and deadline.
    public let payload: [UInt8]
    /// The complete `survey` push frame, built once from `payload`.
    public let pushFrame: [UInt8]

    public init(survey: Survey, version: Int, launchedAt: Date, deadline: Date? = nil, audience: Audience = .everyone) {
        self.survey = survey
        self.version = version
        self.launchedAt = launchedAt
        self.deadline = deadline
        self.audience = audience
        self.payload = CanonicalJSON.bytes(Payload(survey: survey, version: version, deadline: deadline.map(Timestamp.string)))
        self.pushFrame = Array(#"{"survey":"#.utf8) + payload + Array(#","type":"survey","v":1}"#.utf8)
    }

    /// SHA-256 of the survey's canonical JSON: equal definitions give equal hashes, whatever the YAML layout.
    public static func contentHash(of survey: Survey) -> String {
        TokenHasher.sha256Hex(Data(CanonicalJSON.bytes(survey)))
    }

    private struct Payload: Encodable {
        let survey: Survey
        let version: Int
        let deadline: String?
        func encode(to encoder: any Encoder) throws {
            try survey.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(version, forKey: .version)
            try container.encodeIfPresent(deadline, forKey: .deadline)
        }
        enum Key: String, CodingKey { case version, deadline }
    }
}
