import ArgumentParser

/// `--limit N`: how many of the newest records a listing shows (audit, sms), checked here before
/// the server is asked.
struct RecentLimit: ParsableArguments {
    @Option(parsing: .unconditional, help: "显示最新的多少条（1 到 10000）。") var limit = 50

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit 应在 1 到 10000 之间。") }
    }
}
