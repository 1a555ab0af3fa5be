import Foundation
import SurveyCore
import SurveyFuzzing
import SurveySamples
import Testing

/// Every input in `Tests/FuzzCorpus` (seeds, and any crash `make fuzz` ever found) runs through the
/// fuzz target without trapping.
@Suite struct FuzzCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("FuzzCorpus")

    @Test func theCorpusReplaysCleanly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
        #expect(files.count >= 5)
        for file in files {
            FuzzTarget.run(Array(try Data(contentsOf: Self.folder.appendingPathComponent(file))))
        }
    }

    @Test func randomInputsNeverTrap() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let length = Int(random.next() % 512)
            FuzzTarget.run((0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
    }
}
