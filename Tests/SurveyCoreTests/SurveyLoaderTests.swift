import Foundation
import SurveyCore
import Testing

@Suite struct SurveyLoaderTests {
    func load(_ yaml: String) throws(SurveyFileErrors) -> Survey {
        try SurveyLoader.load(yaml: Array(yaml.utf8), file: "t.yaml").survey
    }

    func issues(_ yaml: String) -> [SurveyFileIssue] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func theShippedSurveysLoad() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Surveys")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") && $0 != "review-items.yaml" }
        #expect(!files.isEmpty)
        for file in files {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(file)))
            #expect(throws: Never.self) { _ = try SurveyLoader.load(yaml: bytes, file: file) }
        }
    }

    @Test func aMinimalSurveyLoads() throws {
        let survey = try load("""
            id: s1
            title: 标题
            questions:
              - id: q1
                type: rating
                title: 满意吗
                required: true
            """)
        #expect(survey.questions.first?.bounds == 1...5)
        #expect(survey.questions.first?.required == true)
    }

    @Test func errorsCarryLineAndColumnAndSayWhatIsWrong() {
        let found = issues("""
            id: s1
            title: 标题
            questions:
              - id: q1
                type: slider
                title: 题
              - id: q1
                type: single
                title: 题
                options: []
              - id: q3
                type: text
                titel: 拼错
            """)
        #expect(found.contains { $0.line == 5 && $0.message.contains("slider") })
        #expect(found.contains { $0.line == 7 && $0.message.contains("重复") })
        #expect(found.contains { $0.line == 10 && $0.message.contains("不能为空") })
        #expect(found.contains { $0.line == 13 && $0.message.contains("titel") })
        #expect(found.allSatisfy { $0.description.hasPrefix("t.yaml:") })
    }

    @Test(arguments: ["", "   \n", "[1, 2", "- just\n- a list\n", "id: [unclosed", "\u{0}\u{1}\u{2}"])
    func garbageGivesAnErrorNotACrash(text: String) {
        #expect(!issues(text).isEmpty)
    }

    @Test func invalidUTF8AndHugeFilesAreRefused() {
        #expect(throws: SurveyFileErrors.self) { try SurveyLoader.load(yaml: [0x69, 0x64, 0x3a, 0xff, 0xfe], file: "b.yaml") }
        #expect(throws: SurveyFileErrors.self) {
            try SurveyLoader.load(yaml: [UInt8](repeating: 0x20, count: SurveyLoader.maxFileBytes + 1), file: "big.yaml")
        }
    }

    @Test func contentHashIgnoresLayoutButNotContent() throws {
        let a = try load("id: s\ntitle: T\nquestions:\n  - {id: q, type: yesno, title: Q}\n")
        let b = try load("# comment\nid: s\ntitle: T\nquestions:\n  - id: q\n    type: yesno\n    title: Q\n")
        let c = try load("id: s\ntitle: T2\nquestions:\n  - {id: q, type: yesno, title: Q}\n")
        #expect(PublishedSurvey.contentHash(of: a) == PublishedSurvey.contentHash(of: b))
        #expect(PublishedSurvey.contentHash(of: a) != PublishedSurvey.contentHash(of: c))
    }
}
