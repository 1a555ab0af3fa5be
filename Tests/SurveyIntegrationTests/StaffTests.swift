import Foundation
import Testing

/// Named staff with personal tokens: every change names its person, a leader signs off, and the
/// one who marked a row rectified cannot sign it off.
@Suite(.serialized)
struct StaffTests {
    @Test func rolesAndNamesGovernTheRegister() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let zhang = server.dataDirectory + "/zhang"
        let wang = server.dataDirectory + "/wang"
        let li = server.dataDirectory + "/li"
        #expect(try server.cli("staff", "add", "张主任", "--role", "leader", "--token-out", zhang).status == 0)
        #expect(try server.addLeader("王科长", tokenFile: wang))
        #expect(try server.cli("staff", "add", "李干事", "--role", "office", "--token-out", li).status == 0)
        let mode = (try FileManager.default.attributesOfItem(atPath: zhang)[.posixPermissions] as? Int ?? 0) & 0o777
        #expect(mode == 0o600)
        // Bad input: a name taken, a role that does not exist, office staff managing a leader.
        #expect(try server.cli("staff", "add", "张主任", "--role", "office").error.contains("已有名为“张主任”"))
        #expect(try server.cli("staff", "add", "赵六", "--role", "boss").status != 0)
        #expect(try server.cli("staff", "add", "赵六", "--role", "leader", "--token-file", li).error.contains("领导账号只能由领导或管理员"))
        // 李干事 works row 6 through to rectified; the history names him.
        #expect(
            try server.cli(
                "rectify", "assign", "6", "--unit", "区金融工作局", "--measure", "开展银企对接", "--deadline", "2099-06-30",
                "--token-file", li
            ).status == 0)
        #expect(try server.cli("rectify", "progress", "6", "--note", "已召开对接会", "--token-file", li).status == 0)
        #expect(try server.cli("rectify", "done", "6", "--evidence", "对接会纪要", "--actor", "冒名", "--token-file", zhang).status == 0)
        // 张主任 marked it rectified (his token, whatever --actor says), so he cannot sign it off.
        let own = try server.cli("rectify", "signoff", "6", "--token-file", zhang)
        #expect(own.status != 0 && own.error.contains("由张主任标记为已整改"), "\(own.error)")
        #expect(try server.cli("rectify", "signoff", "6", "--token-file", li).error.contains("销号须由领导账号进行"))
        let signed = try server.cli("rectify", "signoff", "6", "--reason", "回访期内电话核实", "--token-file", wang)
        #expect(signed.status == 0, "\(signed.error)")
        let history = try server.cli("rectify", "history", "6").output
        #expect(history.contains("李干事\t牵头单位") && history.contains("张主任\t整改状态\t整改中 → 已整改"))
        #expect(history.contains("王科长\t销号人\t— → 王科长"))
        #expect(try server.cli("audit").output.contains("王科长"))
        // A revoked token stops at once; a reissued one works.
        #expect(try server.cli("staff", "revoke", "李干事").status == 0)
        #expect(try server.cli("rectify", "list", "--token-file", li).error.contains("管理令牌"))
        #expect(try server.cli("staff", "reissue", "李干事", "--token-out", li).status == 0)
        #expect(try server.cli("rectify", "list", "--token-file", li).status == 0)
        let staff = try server.cli("staff", "list").output
        #expect(staff.contains("张主任\t领导") && staff.contains("李干事\t工作人员"))
    }

    /// The four-eyes rule holds against staff management: office staff cannot make or reissue a
    /// leader, a token reissued for someone else is never in the reply to the one who asked, and
    /// whoever marked a row rectified cannot sign it off with any account whose token they issued.
    @Test func staffManagementCannotBreakTheFourEyesRule() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let (zhangsan, leader, wang) = (server.dataDirectory + "/zhangsan", server.dataDirectory + "/leader", server.dataDirectory + "/wang")
        #expect(try server.cli("staff", "add", "张三", "--role", "office", "--token-out", zhangsan).status == 0)
        #expect(try server.addLeader("李领导", tokenFile: leader))
        #expect(try server.cli("rectify", "assign", "6", "--unit", "区金融工作局", "--measure", "银企对接", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "progress", "6", "--note", "已对接", "--token-file", zhangsan).status == 0)
        #expect(try server.cli("rectify", "done", "6", "--evidence", "纪要", "--token-file", zhangsan).status == 0)
        // 张三 can neither take the leader's token nor make himself a leader.
        let reissue = try server.cli("staff", "reissue", "李领导", "--token-file", zhangsan)
        #expect(reissue.status != 0 && reissue.error.contains("领导账号只能由领导或管理员"), "\(reissue.error)")
        #expect(try server.cli("staff", "add", "张三（领导）", "--role", "leader", "--token-file", zhangsan).status != 0)
        #expect(try server.cli("rectify", "list", "--token-file", leader).status == 0, "the real leader's token still works")
        // A leader may make another leader; the token goes to the leader who asked, and its account
        // names who issued it. 李领导 reissues 王领导's token: not in the reply, and without a phone
        // and a gateway to send it by, refused.
        #expect(try server.cli("staff", "add", "王领导", "--role", "leader", "--token-file", leader, "--token-out", wang).status == 0)
        let forOther = try server.cli("staff", "reissue", "王领导", "--token-file", leader)
        #expect(forOther.status != 0 && forOther.error.contains("不能交给他人") && !forOther.output.contains("令牌"), "\(forOther.error)")
        let own = try server.cli("staff", "reissue", "王领导", "--token-file", wang, "--token-out", wang)
        #expect(own.status == 0, "one's own token may be renewed: \(own.error)")
        // 张三 marked row 6 done. An account whose token 张三 issued cannot sign it off, whatever its name.
        let signed = try server.cli("rectify", "signoff", "6", "--reason", "已核实", "--token-file", leader)
        #expect(signed.status == 0, "李领导's token was issued by 管理员, not 张三: \(signed.error)")
        #expect(try server.cli("audit").output.contains("李领导"))
    }

    /// A token someone else has seen signs nothing off: whoever holds the shared token (an office
    /// member who marked the row done, say) and reissues a leader's token cannot use it, since the
    /// rule compares people, not accounts. The leader renews it himself first (首次使用须本人更换).
    @Test func aTokenIssuedBySomeoneElseMustBeRenewedByItsOwnerBeforeSigningOff() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let (zhangsan, leader, taken) = (server.dataDirectory + "/zhangsan", server.dataDirectory + "/leader", server.dataDirectory + "/taken")
        #expect(try server.cli("staff", "add", "张三", "--role", "office", "--token-out", zhangsan).status == 0)
        #expect(try server.cli("staff", "add", "李领导", "--role", "leader", "--token-out", leader).status == 0)
        #expect(try server.cli("staff", "reissue", "李领导", "--token-file", leader, "--token-out", leader).status == 0)
        #expect(try server.cli("rectify", "assign", "6", "--unit", "区金融工作局", "--measure", "银企对接", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "done", "6", "--evidence", "纪要", "--reason", "已完成", "--token-file", zhangsan).status == 0)
        // 张三 also holds the shared token: as 管理员 he reissues 李领导's token and tries to sign off with it.
        #expect(try server.cli("staff", "reissue", "李领导", "--token-out", taken).status == 0)
        let refused = try server.cli("rectify", "signoff", "6", "--reason", "已核实", "--token-file", taken)
        #expect(refused.status != 0 && refused.error.contains("令牌由管理员签发") && refused.error.contains("本人更换"), "\(refused.error)")
        // The real 李领导 gets the new token from the 管理员, renews it, and signs off.
        #expect(try server.cli("staff", "reissue", "李领导", "--token-file", taken, "--token-out", leader).status == 0)
        #expect(try server.cli("rectify", "list", "--token-file", taken).status != 0, "the token 张三 saw no longer works")
        let signed = try server.cli("rectify", "signoff", "6", "--reason", "已核实", "--token-file", leader)
        #expect(signed.status == 0, "\(signed.error)")
    }

    /// A staff name cannot pass for another person, the system or a unit in the history and audit:
    /// invisible and direction characters are refused, and so are the names the server writes itself.
    @Test func aStaffNameCannotPassForSomeoneElse() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        _ = try server.importUnits(["区财政局,王五,13800000000"])
        for name in ["刘\u{200B}主任", "\u{202E}任主张", "system", "sample-data", "区财政局", "管理员"] {
            let added = try server.cli("staff", "add", name, "--role", "office")
            #expect(added.status != 0, "\(name.unicodeScalars.map { String($0.value, radix: 16) }) was accepted")
        }
        #expect(try server.cli("staff", "add", "刘主任", "--role", "office").status == 0)
    }
}
