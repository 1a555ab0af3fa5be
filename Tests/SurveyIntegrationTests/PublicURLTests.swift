import Foundation
import Testing

/// Links that leave the building carry the address phones can reach (`serve --public-url`), and
/// nothing hands out a loopback link unless told it is deliberate.
@Suite(.serialized)
struct PublicURLTests {
    static let publicURL = "http://10.20.30.40:8080"

    /// Starts `serve` as a user would, reads its banner, and stops it.
    static func banner(_ extra: [String]) throws -> (text: String, data: String) {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("survey-banner-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments =
            [
                "serve", "--host", "127.0.0.1", "--port", "0", "--data", data, "--demo-roster", "3",
                "--web", ServerProcess.repositoryRoot.appendingPathComponent("Web").path,
            ] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && !FileManager.default.fileExists(atPath: data + "/server.json") && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.3)
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return (String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), data)
    }

    @Test func theBannerAndDemoLinksUseThePublicAddressAndACommandThatRuns() throws {
        let (text, data) = try Self.banner(["--public-url", Self.publicURL + "/"])
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(text.contains("\(Self.publicURL)/#t="), "\(text)")
        let sheet = try String(contentsOfFile: data + "/demo-links.csv", encoding: .utf8)
        #expect(sheet.contains("\(Self.publicURL)/#t=") && !sheet.contains("127.0.0.1"), "\(sheet)")
        // The hints name the binary as it was started, since `survey` is not on the PATH here.
        #expect(text.contains("发布问卷：\(ServerProcess.binary) launch"), "\(text)")
    }

    /// The sample data's sheet, moved to the address the server links on, still opens in Excel (its BOM).
    @Test func theSampleSheetMovedToThePublicAddressKeepsItsByteOrderMark() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true, arguments: ["--public-url", Self.publicURL])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: server.dataDirectory + "/demo-links.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(Array(bytes.prefix(3)))")
        #expect(String(decoding: bytes, as: UTF8.self).contains("\(Self.publicURL)/#t="))
    }

    @Test func aPublicURLThatIsNotOneIsRefused() throws {
        let (text, data) = try Self.banner(["--public-url", "10.20.30.40:8080"])
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(text.contains("--public-url") && text.contains("http://"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: data + "/server.json"))
    }

    @Test func unitLinksAndLettersCarryThePublicAddress() throws {
        let server = try ServerProcess(demoRoster: 3, arguments: ["--public-url", Self.publicURL])
        let csv = server.dataDirectory + "/units.csv"
        try "单位,联系人,电话\n区财政局,王五,13800000000\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let links = server.dataDirectory + "/unit-links.csv"
        #expect(try server.cli("units", "import", csv, "--links-out", links, "--allow-loopback").status == 0)
        #expect(try String(contentsOfFile: links, encoding: .utf8).contains("\(Self.publicURL)/unit.html#"))
        let letters = server.dataDirectory + "/letters.html"
        let printed = try server.cli("roster", "letters", "--ids", "S001", "-o", letters)
        #expect(printed.status == 0, "\(printed.error)")
        #expect(try String(contentsOfFile: letters, encoding: .utf8).contains("\(Self.publicURL)/#t="))
    }

    @Test func loopbackLinksAreRefusedUnlessDeliberate() throws {
        let server = try ServerProcess(demoRoster: 3)
        let csv = server.dataDirectory + "/units.csv"
        try "单位,联系人,电话\n区财政局,王五,13800000000\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let refused = try server.cli("units", "import", csv)
        #expect(refused.status != 0 && refused.error.contains("--public-url") && refused.error.contains("--allow-loopback"), "\(refused.error)")
        #expect(try server.cli("units", "list").output.contains("区财政局") == false, "nothing imported before the refusal")
        let letters = try server.cli("roster", "letters", "--ids", "S001", "-o", server.dataDirectory + "/letters.html")
        #expect(letters.status != 0 && letters.error.contains("127.0.0.1"), "\(letters.error)")
        let fromSheet = try server.cli(
            "roster", "letters", "--from-links", server.dataDirectory + "/demo-links.csv", "-o", server.dataDirectory + "/letters.html")
        #expect(fromSheet.status != 0 && fromSheet.error.contains("--allow-loopback"), "\(fromSheet.error)")
        #expect(try server.cli("units", "import", csv, "--allow-loopback").status == 0)
        #expect(try server.cli("roster", "letters", "--ids", "S001", "--allow-loopback", "-o", server.dataDirectory + "/l.html").status == 0)
    }
}
