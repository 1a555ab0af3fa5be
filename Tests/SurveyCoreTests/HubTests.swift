import Foundation
import SurveyCore
import Testing

@Suite struct HubTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let id = "7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e"

    func authenticated() -> Hub { authenticatedHub(at: now) }

    @Test func helloWelcomesWithOpenSurveysAndRecordsThePush() throws {
        var hub = makeHub()
        hub.connected(1)
        let actions = hub.received(json(["v": 1, "type": "hello", "token": aliceToken]), from: 1, at: now)
        let welcome = try #require(sent(actions, to: 1).first)
        #expect(welcome["type"] as? String == "welcome")
        #expect((welcome["supervisor"] as? [String: Any])?["name"] as? String == "王建国")
        #expect(((welcome["surveys"] as? [[String: Any]])?.first)?["version"] as? Int == 1)
        #expect(actions.contains(.record(DeliveryEvent(supervisorID: "S001", survey: "sample", version: 1, kind: .pushed, at: now))))
    }

    @Test func aBadTokenIsRefusedAndClosed() {
        var hub = makeHub()
        hub.connected(1)
        let actions = hub.received(json(["v": 1, "type": "hello", "token": "wrong"]), from: 1, at: now)
        #expect(sent(actions, to: 1).first?["code"] as? String == "bad_token")
        #expect(actions.contains(.close(1, code: 4401, reason: "bad token")))
        #expect(hub.authenticatedCount == 0)
    }

    @Test func aSubmissionIsStoredThenAckedOnlyAfterCommit() throws {
        var hub = authenticated()
        let actions = hub.received(submitBytes(id: id), from: 1, at: now)
        #expect(sent(actions, to: 1).isEmpty, "no ack before the commit")
        var record = try #require(stores(actions).first)
        #expect(record.supervisorID == "S001")
        record.storedAt = now
        let acks = sent(hub.committed([record]), to: 1)
        #expect(acks.first?["type"] as? String == "ack")
        #expect(acks.first?["id"] as? String == id)
    }

    @Test func anIdenticalResendWhilePendingWaitsForTheSameCommit() throws {
        var hub = authenticated()
        hub.connected(2)
        _ = hub.received(json(["v": 1, "type": "hello", "token": aliceToken]), from: 2, at: now)
        var record = try #require(stores(hub.received(submitBytes(id: id), from: 1, at: now)).first)
        #expect(stores(hub.received(submitBytes(id: id), from: 2, at: now)).isEmpty, "stored once")
        record.storedAt = now
        let actions = hub.committed([record])
        #expect(sent(actions, to: 1).count == 1)
        #expect(sent(actions, to: 2).count == 1)
    }

    @Test func aResendAfterCommitGetsTheSameAckBytes() throws {
        var hub = authenticated()
        var record = try #require(stores(hub.received(submitBytes(id: id), from: 1, at: now)).first)
        record.storedAt = now
        let first = hub.committed([record])
        let again = hub.received(submitBytes(id: id), from: 1, at: now.addingTimeInterval(60))
        #expect(first == again)
    }

    @Test func aConflictingResendIsRejectedPendingOrStored() throws {
        var hub = authenticated()
        var record = try #require(stores(hub.received(submitBytes(id: id), from: 1, at: now)).first)
        let other = ["choice": "b", "score": 4] as [String: Any]
        #expect(sent(hub.received(submitBytes(id: id, answers: other), from: 1, at: now), to: 1).first?["code"] as? String == "conflict")
        record.storedAt = now
        _ = hub.committed([record])
        #expect(sent(hub.received(submitBytes(id: id, answers: other), from: 1, at: now), to: 1).first?["code"] as? String == "conflict")
    }

    @Test func anotherSupervisorReusingAnIdIsAConflict() throws {
        var hub = authenticated()
        hub.connected(2)
        _ = hub.received(json(["v": 1, "type": "hello", "token": bobToken]), from: 2, at: now)
        _ = hub.received(submitBytes(id: id), from: 1, at: now)
        #expect(sent(hub.received(submitBytes(id: id), from: 2, at: now), to: 2).first?["code"] as? String == "conflict")
    }

    @Test func aFailedWriteIsReportedAndMayBeRetried() throws {
        var hub = authenticated()
        _ = hub.received(submitBytes(id: id), from: 1, at: now)
        #expect(sent(hub.failedToStore([id]), to: 1).first?["code"] as? String == "storage_failed")
        #expect(stores(hub.received(submitBytes(id: id), from: 1, at: now)).count == 1)
    }

    @Test func launchPushesSharedBytesToAuthenticatedPagesOnly() {
        var hub = authenticated()
        hub.connected(2)  // never authenticates
        let survey = PublishedSurvey(survey: Survey(id: "new", title: "新问卷", questions: sampleSurvey.questions), version: 1, launchedAt: now)
        let actions = hub.launched(survey, at: now)
        #expect(actions.contains(.send(1, survey.pushFrame)))
        #expect(sent(actions, to: 2).isEmpty)
        #expect(hub.openSurveys.map(\.survey.id) == ["sample", "new"])
    }

    @Test func closingTellsPagesAndRefusesLaterAnswers() {
        var hub = authenticated()
        #expect(sent(hub.closed(survey: "sample"), to: 1).first?["type"] as? String == "closed")
        #expect(sent(hub.received(submitBytes(id: id), from: 1, at: now), to: 1).first?["code"] as? String == "survey_closed")
        #expect(hub.openSurveys.isEmpty)
    }

    @Test func storedSubmissionsSurviveARestartOfTheHub() {
        let record = SubmissionRecord(
            id: id, supervisorID: "S001", survey: "sample", version: 1,
            answersJSON: CanonicalJSON.string(validAnswers), receivedAt: now, storedAt: now)
        var hub = makeHub(submissions: [record])
        hub.connected(1)
        let welcome = sent(hub.received(json(["v": 1, "type": "hello", "token": aliceToken]), from: 1, at: now), to: 1).first
        #expect((welcome?["submissions"] as? [[String: Any]])?.first?["id"] as? String == id)
        #expect(sent(hub.received(submitBytes(id: id), from: 1, at: now), to: 1).first?["type"] as? String == "ack")
    }

    @Test func messagesFromUnknownConnectionsAreIgnored() {
        var hub = makeHub()
        #expect(hub.received(json(["v": 1, "type": "hello", "token": aliceToken]), from: 99, at: now).isEmpty)
    }

    @Test func theSameSubmitTwiceOnOneConnectionIsAckedTwice() throws {
        var hub = authenticated()
        var record = try #require(stores(hub.received(submitBytes(id: id), from: 1, at: now)).first)
        #expect(hub.received(submitBytes(id: id), from: 1, at: now).isEmpty)
        record.storedAt = now
        #expect(sent(hub.committed([record]), to: 1).map { $0["type"] as? String } == ["ack", "ack"])
    }

    @Test func idsMatchInAnyCaseAndAcksEchoTheIdAsSent() throws {
        var hub = authenticated()
        let upper = id.uppercased()
        var record = try #require(stores(hub.received(submitBytes(id: upper), from: 1, at: now)).first)
        #expect(record.id == id, "stored in one canonical form")
        record.storedAt = now
        #expect(sent(hub.committed([record]), to: 1).first?["id"] as? String == upper)
        #expect(sent(hub.received(submitBytes(id: id), from: 1, at: now), to: 1).first?["id"] as? String == id)
        #expect(
            sent(hub.received(submitBytes(id: upper, answers: ["choice": "b", "score": 4]), from: 1, at: now), to: 1)
                .first?["ref"] as? String == upper)
    }

    @Test func wrongTypeAnswersNameTheQuestionAndCarryTheRef() throws {
        for bad: Any in [NSNull(), ["x": 1], [1, 2]] {
            var hub = authenticated()
            let reply = try #require(sent(hub.received(submitBytes(id: id, answers: ["choice": "a", "score": bad]), from: 1, at: now), to: 1).first)
            #expect(reply["code"] as? String == "invalid_answer")
            #expect(reply["question"] as? String == "score")
            #expect(reply["ref"] as? String == id)
            #expect(reply["message"] as? String == "题目“评分”的答案无效：类型应为整数评分", "worded for the supervisor")
        }
    }

    @Test func malformedMessagesOfEveryTypeCarryTheirTypeAsRef() throws {
        var hub = authenticated()
        let cases: [([String: Any], String)] = [
            (["v": 1, "type": "received", "survey": "sample"], "received"),
            (["v": 1, "type": "opened", "version": 1], "opened"),
            (["v": 1, "type": "hello", "token": 7], "hello"),
            (["v": 1, "type": "watch", "token": "x"], "watch"),
        ]
        for (message, ref) in cases {
            let reply = try #require(sent(hub.received(json(message), from: 1, at: now), to: 1).first)
            #expect(reply["ref"] as? String == ref, "\(message)")
        }
    }

    @Test func everyErrorAboutASubmissionCarriesItsRef() throws {
        var hub = authenticated()
        let message = json(["v": 1, "type": "submit", "id": id, "version": 1, "answers": ["choice": "a"]])
        let reply = try #require(sent(hub.received(message, from: 1, at: now), to: 1).first)
        #expect(reply["code"] as? String == "bad_message")
        #expect(reply["ref"] as? String == id)
    }

    @Test func duplicateKeysAreRefusedAtAnyDepth() throws {
        let messages = [
            #"{"v":1,"type":"hello","token":"x","token":"alice-token"}"#,
            #"{"v":1,"type":"submit","id":"\#(id)","survey":"sample","version":1,"answers":{"choice":"a","score":4,"score":5}}"#,
            #"{"v":1,"type":"submit","id":"\#(id)","survey":"sample","version":1,"answers":{"choice":"a","score":4},"extra":{"a":1,"\u0061":2}}"#,
        ]
        for text in messages {
            var hub = authenticated()
            hub.connected(2)
            let reply = try #require(sent(hub.received(Array(text.utf8), from: 1, at: now) + hub.received(Array(text.utf8), from: 2, at: now), to: 1).first)
            #expect(reply["code"] as? String == "bad_json", "\(text)")
            #expect((reply["message"] as? String)?.contains("重复") == true)
        }
    }

    /// The projector's item strip counts as asked only those a question was shown to: a question for
    /// one category does not count the others.
    @Test func theItemStripCountsACategorysQuestionOnlyForThatCategory() throws {
        var financing = Question(
            id: "financing", type: .yesno, title: "融资难吗", items: ["R09"],
            findings: [FindingRule(when: .equals(true), problem: "融资难")])
        financing.categories = ["民营企业"]
        let window = Question(
            id: "window", type: .yesno, title: "窗口好吗", items: ["R10"],
            findings: [FindingRule(when: .equals(false), problem: "窗口差")])
        let survey = Survey(id: "split", title: "分类别的问卷", questions: [financing, window])
        let at = Date(timeIntervalSince1970: 0)
        let records = [
            SubmissionRecord(
                id: "a", supervisorID: alice.id, survey: "split", version: 1,
                answersJSON: #"{"financing":true,"window":true}"#, receivedAt: at, storedAt: at),
            SubmissionRecord(
                id: "b", supervisorID: bob.id, survey: "split", version: 1, answersJSON: #"{"window":false}"#,
                receivedAt: at, storedAt: at),
        ]
        var hub = Hub(
            roster: [(alice, TokenHasher.hash(aliceToken)), (bob, TokenHasher.hash(bobToken))],
            published: [(PublishedSurvey(survey: survey, version: 1, launchedAt: at), false)], submissions: records,
            projectorTokenHashes: [TokenHasher.hash("screen")],
            reviewItems: [
                ReviewItem(id: "R09", title: "融资服务", checks: "", leadUnit: ""),
                ReviewItem(id: "R10", title: "窗口服务", checks: "", leadUnit: ""),
            ])
        hub.connected(1)
        let snapshot = try #require(sent(hub.received(json(["v": 1, "type": "watch", "token": "screen", "survey": "split"]), from: 1, at: now), to: 1).first)
        let items = try #require(snapshot["items"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["R09"]?["asked"] as? Int == 1, "only the private-enterprise supervisor was asked about financing")
        #expect(byID["R10"]?["asked"] as? Int == 2)
    }

    @Test func aProjectorLinkHoldsAtMostTheConnectionCap() throws {
        var hub = Hub(
            roster: [(alice, TokenHasher.hash(aliceToken))], projectorTokenHashes: [TokenHasher.hash("screen")],
            maxConnectionsPerSupervisor: 2)
        var replies: [[String: Any]] = []
        for connection in 1...3 as ClosedRange<ConnectionID> {
            hub.connected(connection)
            replies += sent(hub.received(json(["v": 1, "type": "watch", "token": "screen"]), from: connection, at: now), to: connection)
        }
        #expect(replies.map { $0["code"] as? String ?? $0["type"] as? String } == ["snapshot", "snapshot", "too_many_connections"])
        hub.disconnected(1)
        hub.connected(4)
        #expect(sent(hub.received(json(["v": 1, "type": "watch", "token": "screen"]), from: 4, at: now), to: 4).first?["type"] as? String == "snapshot")
    }
}
