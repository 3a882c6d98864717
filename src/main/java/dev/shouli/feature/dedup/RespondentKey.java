package dev.shouli.feature.dedup;

import dev.shouli.core.domain.Respondent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The party complained about, reduced to a comparable key: script folded, legal forms
 * (股份有限公司, Co., Ltd.) and branch designations (深圳南山分店, 门店, (南山店)) removed, aliases applied.
 * "A店", "A公司深圳南山分店" and "A股份有限公司" all become base "a"; "B公司" stays "b".
 *
 * @param base   the organisation itself; empty when the respondent is unknown
 * @param branch the branch/store part, when one was named (informational: a branch is the same respondent)
 */
public record RespondentKey(String base, String branch) {

    private static final Pattern BRACKETED = Pattern.compile("[(\\[（【].*?[)\\]）】]");
    private static final Pattern LEGAL_FORM = Pattern.compile(
            "(股份有限公司|有限责任公司|有限公司|集团股份|集团|控股|股份|公司|商行|经营部|"
                    + "\\bco\\b\\.?,?\\s*\\bltd\\b\\.?|\\bcompany\\b|\\bcorp(oration)?\\b\\.?|\\binc\\b\\.?"
                    + "|\\bltd\\b\\.?|\\bllc\\b|\\bgroup\\b|\\blimited\\b)");
    private static final Pattern BRANCH_SUFFIX = Pattern.compile(
            "(分店|门店|专卖店|旗舰店|体验店|直营店|分公司|支行|分行|营业厅|营业部|服务中心|分部|店|\\bbranch\\b|\\bstore\\b|\\bshop\\b)$");
    /** A province or big city in front of a legal name (四川海底捞餐饮…, 北京链家…) says where, not who. */
    private static final Pattern REGION_PREFIX = Pattern.compile(
            "^(北京|上海|天津|重庆|广东|广州|深圳|四川|成都|浙江|杭州|江苏|南京|苏州|湖北|武汉|湖南|长沙|福建|厦门|山东"
                    + "|青岛|河南|河北|陕西|西安|辽宁|沈阳|大连|吉林|黑龙江|安徽|江西|广西|云南|贵州|海南|山西|内蒙古"
                    + "|新疆|西藏|甘肃|宁夏|青海|香港|澳门|台湾)(省|市)?");
    /** Trade words after the name (…餐饮, …科技, …房地产经纪): the same company writes them or leaves them off. */
    private static final Pattern TRADE_SUFFIX = Pattern.compile(
            "(餐饮管理|餐饮|火锅|房地产经纪|房地产|地产|企业管理|计算机技术|信息技术|网络科技|电子商务|科技|网络|通信"
                    + "|旅行网|旅游|商城|自营|超市|电器|影城|电影|影院|酒店|健身俱乐部|俱乐部|健身|出行|速运|快递|物流"
                    + "|之家|hotpot|cinemas?|hotels?|technology)$");
    private static final Pattern NOT_NAME = Pattern.compile("[^\\p{IsHan}\\p{L}\\p{N}]+");

    public static final RespondentKey UNKNOWN = new RespondentKey("", "");

    public boolean known() {
        return !base.isEmpty();
    }

    /** How two respondents relate: the same organisation (any branch), different ones, or unknown. */
    public enum Relation { SAME, DIFFERENT, UNKNOWN }

    public Relation relationTo(RespondentKey other) {
        if (!known() || !other.known()) {
            return Relation.UNKNOWN;
        }
        return related(base, other.base) ? Relation.SAME : Relation.DIFFERENT;
    }

    /**
     * Same organisation when equal, or when one base begins with the other and the shorter has at least two
     * characters ("海底捞" and "海底捞南山" — a branch named without 店); "中国移动" and "中国联通" share only
     * "中国", which is not a whole base, so they stay different.
     */
    public static boolean related(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        return longer.startsWith(shorter) && shorter.codePointCount(0, shorter.length()) >= 2;
    }

    /** The first two characters of the base, which every related base shares; '' when unknown. */
    public String root() {
        return base.substring(0, base.offsetByCodePoints(0, Math.min(2, base.codePointCount(0, base.length()))));
    }

    /** Builds keys with the configured aliases ({@code alias → canonical}, both folded on load). */
    public static final class Normaliser {

        private final Map<String, String> aliases = new LinkedHashMap<>();

        public Normaliser(Map<String, String> aliases) {
            aliases.forEach((alias, canonical) -> {
                String to = trimmed(squash(Script.fold(canonical)));
                String from = squash(Script.fold(alias));
                this.aliases.put(from, to);
                this.aliases.put(trimmed(from), to);
            });
        }

        public RespondentKey of(Respondent r) {
            if (r == null || r.organisation() == null || r.organisation().isBlank()) {
                return UNKNOWN;
            }
            return of(r.organisation(), r.branch());
        }

        public RespondentKey of(String organisation, String branchField) {
            String folded = Script.fold(organisation);
            String bracketed = "";
            var brackets = BRACKETED.matcher(folded);
            if (brackets.find()) {
                bracketed = brackets.group();
            }
            folded = BRACKETED.matcher(folded).replaceAll(" ").strip();
            String branch = bracketed;
            // Everything after the legal form is branch detail: "a公司深圳南山分店" → "a" + "深圳南山分店".
            var legal = LEGAL_FORM.matcher(folded);
            String base;
            if (legal.find() && legal.start() > 0) {
                base = folded.substring(0, legal.start());
                branch = folded.substring(legal.end()) + branch;
            } else {
                base = folded;
            }
            base = squash(base);
            var suffix = BRANCH_SUFFIX.matcher(base);
            if (suffix.find() && suffix.start() > 0) {
                branch = base.substring(suffix.start()) + branch;
                base = base.substring(0, suffix.start());
            }
            String trimmed = trimmed(base);
            base = aliases.getOrDefault(base, aliases.getOrDefault(trimmed, trimmed));
            if (base.isEmpty()) {
                return UNKNOWN;
            }
            String b = squash(branch + (branchField == null ? "" : Script.fold(branchField)));
            return new RespondentKey(base, b);
        }

        /** Without a region in front and trade words behind, while two characters or more remain. */
        private static String trimmed(String base) {
            String b = base;
            var region = REGION_PREFIX.matcher(b);
            if (region.find() && b.length() - region.end() >= 2) {
                b = b.substring(region.end());
            }
            for (int i = 0; i < 3; i++) {
                var trade = TRADE_SUFFIX.matcher(b);
                if (!trade.find() || trade.start() < 2) {
                    break;
                }
                b = b.substring(0, trade.start());
            }
            return b;
        }

        /** Whether the folded text names this respondent (or one of its aliases) — for texts without a respondent field. */
        public boolean mentions(String foldedSquashedText, RespondentKey key) {
            if (!key.known()) {
                return false;
            }
            if (key.base.codePointCount(0, key.base.length()) >= 2 && foldedSquashedText.contains(key.base)) {
                return true;
            }
            for (Map.Entry<String, String> e : aliases.entrySet()) {
                if (e.getValue().equals(key.base) && e.getKey().length() >= 2 && foldedSquashedText.contains(e.getKey())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Letters, digits and Han characters only: spacing and punctuation never decide a match. */
    public static String squash(String s) {
        return NOT_NAME.matcher(s).replaceAll("");
    }
}
