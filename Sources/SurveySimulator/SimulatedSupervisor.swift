import Foundation
import SurveyCore

/// One simulated supervisor's connection state, on the simulator's service thread.
final class SimulatedSupervisor {
    let id: UInt64
    let token: String
    var wsi: OpaquePointer?
    var outbox: [[UInt8]] = []
    var incoming: [UInt8] = []
    var random: SplitMix64
    /// Surveys received and not yet answered, oldest first.
    var toAnswer: [(survey: Survey, version: Int)] = []
    var answered: Set<String> = []
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
    var isDone: Bool { toAnswer.isEmpty && inFlight.isEmpty && !answered.isEmpty }
}
