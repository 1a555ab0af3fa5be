import ArgumentParser
import Foundation

/// A command that could not do its work: a file missing or unreadable, a server in the way, data
/// that is wrong. `SurveyCommand.main` prints it as `错误：…` and exits 1, without ArgumentParser's
/// English "Error:" and "Usage:" lines, which are kept for mistakes in the arguments themselves.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
