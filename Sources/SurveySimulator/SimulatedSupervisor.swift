import Foundation
import SurveyCore
import SurveySamples

/// One simulated supervisor's connection state, on the simulator's service thread.
final class SimulatedSupervisor {
    let id: UInt64
    let token: String
    var wsi: OpaquePointer?
    /// Frames to send, each with the submission id it carries, if any.
    var outbox: [(frame: [UInt8], submission: String?)] = []
    var incoming: [UInt8] = []
    var random: SplitMix64
    /// Surveys received and not yet answered, oldest first.
    var toAnswer: [(survey: Survey, version: Int)] = []
    var answered: Set<String> = []
    /// The supervisor's category, from the welcome: some questions are asked only of some categories.
    var category: String?
    /// Submission id → when it was sent.
    var inFlight: [String: Date] = [:]
    var timerArmed = false
    var welcomed = false
    var closed = false
    /// Already counted as finished (done or closed).
    var countedDone = false

    init(id: UInt64, token: String, seed: UInt64) {
        self.id = id
        self.token = token
        self.random = SplitMix64(seed: seed)
    }

    /// Everything received has been answered and acknowledged.
    var isDone: Bool { toAnswer.isEmpty && inFlight.isEmpty && outbox.isEmpty && !answered.isEmpty }
}
