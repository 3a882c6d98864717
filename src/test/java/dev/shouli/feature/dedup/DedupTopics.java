package dev.shouli.feature.dedup;

import dev.shouli.feature.dedup.DedupDatasetGenerator.Topic;
import java.util.ArrayList;
import java.util.List;

/** The complaint topics and outages of the labelled set, in the words complainants and hotline agents use. */
final class DedupTopics {

    private DedupTopics() {
    }

    private static Topic topic(String respondent, String[] variants, String english, String email, String sms,
                               String formSubject, String formDescription, String hotline, String en) {
        return new Topic(respondent, variants, english, (kind, store, amount, order, extra) -> {
            String[] t = switch (kind) {
                case "email" -> new String[] {null, email};
                case "sms" -> new String[] {null, sms};
                case "form" -> new String[] {formSubject, formDescription};
                case "hotline" -> new String[] {null, hotline};
                default -> new String[] {null, en};
            };
            return new String[] {t[0] == null ? null : fill(t[0], store, amount, order),
                    fill(t[1], store, amount, order)};
        });
    }

    private static String fill(String s, String store, String amount, String order) {
        return s.replace("{store}", store).replace("{amount}", amount).replace("{order}", order);
    }

    static List<Topic> all() {
        List<Topic> t = new ArrayList<>();
        t.add(topic("华润万家", new String[] {"华润万家深圳南山分店", "华润万家", "华润万家股份有限公司"}, "CR Vanguard",
                "您好，11月20日我在{store}购买了一台格力空调，安装后第三天就不制冷，联系门店多次无人处理，售后一直推诿，我要求退货并退款{amount}元。",
                "华润万家买的空调三天就坏了，门店不给退，要求退款{amount}元",
                "新买的空调三天就坏了", "在{store}买的格力空调安装第三天不制冷，门店和售后互相推诿，要求退货退款{amount}元。",
                "来电人反映：其在{store}购买格力空调，安装后第三天不制冷，商家推诿不处理，诉求退货退款{amount}元。",
                "I bought a Gree air conditioner at CR Vanguard; it stopped cooling on the third day and the store refuses a refund of {amount} yuan."));
        t.add(topic("海底捞", new String[] {"海底捞火锅(南山店)", "海底捞", "四川海底捞餐饮股份有限公司"}, "Haidilao",
                "昨晚在{store}用餐，账单上多收了两份毛肚和一份虾滑，服务员说系统问题但拒绝退差价，共多收{amount}元，请处理。",
                "海底捞多收我{amount}元菜钱，不给退",
                "火锅店多收费", "在{store}吃饭，账单多算了毛肚和虾滑，服务员拒绝退差价{amount}元。",
                "来电人反映在{store}就餐时被多收毛肚、虾滑费用{amount}元，商家拒绝退还，要求退款。",
                "Haidilao overcharged me {amount} yuan for dishes we never ordered and refused to refund the difference."));
        t.add(topic("中国移动", new String[] {"中国移动", "中国移动通信集团广东有限公司", "中移动营业厅"}, "China Mobile",
                "本人手机号码近三个月每月被扣除一项未订购的视频会员费，营业厅称是我自己开通的，但我从未办理过，要求退还{amount}元并取消该业务。",
                "移动乱扣我视频会员费，没订过，退钱",
                "未订购业务被扣费", "中国移动每月扣视频会员费，我从未订购，要求退还{amount}元并取消业务。",
                "来电人反映其手机号连续三个月被中国移动扣取未订购的视频会员费，要求退费{amount}元并取消。",
                "China Mobile has charged me a video membership every month for three months that I never ordered. Refund {amount} yuan."));
        t.add(topic("顺丰", new String[] {"顺丰速运", "顺丰", "顺丰速运有限公司"}, "SF Express",
                "我寄的快递显示已签收，但收件人根本没收到，快递员电话也打不通，包裹内是一部手机价值{amount}元，要求顺丰查明并赔偿。",
                "顺丰快递显示签收了但没收到，价值{amount}元",
                "快递显示签收但未收到", "顺丰速运快递显示已签收，实际未收到，内有手机价值{amount}元，要求赔偿。",
                "来电人反映其通过顺丰寄出的包裹显示签收但收件人未收到，快递员联系不上，诉求赔偿{amount}元。",
                "My SF Express parcel shows as delivered but it never arrived; the courier does not answer. It contained a phone worth {amount} yuan."));
        t.add(topic("美团", new String[] {"美团外卖", "美团", "北京三快科技有限公司"}, "Meituan",
                "在美团外卖点的餐送到时汤全洒了，骑手态度恶劣还骂人，平台客服只肯赔5元红包，我要求全额退款{amount}元并处理骑手。",
                "美团外卖汤洒了骑手还骂人，要全额退款",
                "外卖洒漏骑手辱骂", "美团外卖送餐汤全洒，骑手辱骂顾客，客服只给5元红包，要求全额退款并处理骑手。",
                "来电人反映美团外卖送餐洒漏且骑手态度恶劣辱骂顾客，诉求全额退款{amount}元并处理骑手。",
                "My Meituan order arrived with the soup spilled everywhere and the rider insulted me. I want a full refund."));
        t.add(topic("链家", new String[] {"链家地产", "链家", "北京链家房地产经纪有限公司"}, null,
                "通过链家租的房子入住后发现卫生间严重漏水，中介签约前明知却隐瞒，现在房东和中介都不管，要求退还中介费{amount}元。",
                "链家隐瞒房子漏水，要求退中介费",
                "中介隐瞒漏水", "通过{store}租房，入住后卫生间漏水，中介签约前隐瞒，要求退还中介费{amount}元。",
                "来电人反映通过链家租房后发现房屋漏水，中介签约前隐瞒实情，诉求退还中介费{amount}元。",
                "The Lianjia agent hid a serious leak in the flat. I want my agency fee of {amount} yuan back."));
        t.add(topic("如家酒店", new String[] {"如家酒店人民路店", "如家酒店", "如家"}, "Home Inn",
                "入住{store}时房间有蟑螂，床单上有明显污渍，前台拒绝换房也不退款，我要求退还房费{amount}元。",
                "如家酒店房间有蟑螂床单脏，要求退房费",
                "酒店卫生差", "{store}房间有蟑螂、床单有污渍，前台拒绝换房，要求退房费{amount}元。",
                "来电人反映入住如家酒店时房间有蟑螂、床单不洁，前台拒绝处理，诉求退还房费{amount}元。",
                "Cockroaches in the room and stained sheets at Home Inn; reception refused to change the room. Refund {amount} yuan."));
        t.add(topic("京东", new String[] {"京东商城", "京东", "京东自营"}, "JD.com",
                "在京东买的笔记本电脑收到后屏幕有坏点，申请七天无理由退货被拒，客服说屏幕坏点不属于质量问题，订单号{order}，要求退货退款。",
                "京东笔记本屏幕坏点不给退货 订单{order}",
                "笔记本屏幕坏点退货被拒", "京东购买笔记本电脑屏幕有坏点，七天无理由退货被拒，订单号{order}，要求退货。",
                "来电人反映在京东购买的笔记本电脑屏幕存在坏点，申请退货被拒，订单号{order}，诉求退货退款。",
                "The laptop I bought on JD.com has dead pixels and they refused my 7-day return. Order {order}."));
        t.add(topic("万达影城", new String[] {"万达影城", "万达电影", "万达影城(宝安店)"}, "Wanda Cinema",
                "在万达影城看电影时放映中途断了二十分钟，影院只退了一半票价，我们一家四口的票共{amount}元，要求全额退款。",
                "万达影城放映中断二十分钟只退一半",
                "电影放映中断", "万达影城放映中途中断二十分钟，只退半价，四张票共{amount}元，要求全额退款。",
                "来电人反映在万达影城观影时放映中断约二十分钟，影院仅退半价，诉求全额退款{amount}元。",
                "The film at Wanda Cinema stopped for twenty minutes and they only refunded half. Four tickets, {amount} yuan."));
        t.add(topic("某某健身", new String[] {"乐动健身", "乐动健身俱乐部", "乐动健身(科技园店)"}, null,
                "乐动健身突然关门停业，门口贴了装修通知但已经两个月没开，老板电话打不通，我的年卡还剩八个月，要求退还剩余会费{amount}元。",
                "乐动健身关门两个月了，年卡要退钱",
                "健身房关门无法退费", "乐动健身停业两个月，老板失联，年卡剩余八个月，要求退还{amount}元。",
                "来电人反映乐动健身已停业两个月且老板失联，其年卡剩余八个月未使用，诉求退还会费{amount}元。",
                "Ledong Fitness has been closed for two months and the owner is unreachable. I want the {amount} yuan left on my card."));
        t.add(topic("中国联通", new String[] {"中国联通", "联通营业厅", "中国联合网络通信有限公司"}, "China Unicom",
                "我家的联通宽带每天晚上八点以后就断网，已经报修三次，师傅来了也没修好，要求尽快修复并减免本月费用。",
                "联通宽带每晚断网，报修三次没修好",
                "宽带每晚断网", "联通宽带每晚八点后断网，报修三次未修好，要求修复并减免月费。",
                "来电人反映家中联通宽带每晚八点后断网，已报修三次仍未修复，诉求尽快维修并减免费用。",
                "My China Unicom broadband drops every evening after 8pm; three repair visits have not fixed it."));
        t.add(topic("小米之家", new String[] {"小米之家", "小米之家万象城店", "小米科技有限责任公司"}, "Xiaomi",
                "在小米之家买的扫地机器人用了两周就不能充电，门店说要寄回厂家检测，一个月了还没结果，要求换新机。",
                "小米扫地机两周就充不了电，一个月没处理",
                "扫地机器人故障", "小米之家购买的扫地机器人两周后无法充电，送检一个月无结果，要求换新。",
                "来电人反映在小米之家购买的扫地机器人使用两周后无法充电，送检一月无果，诉求更换新机。",
                "The Xiaomi robot vacuum stopped charging after two weeks; it has been at the repair centre for a month."));
        t.add(topic("星巴克", new String[] {"星巴克", "星巴克(海岸城店)", "星巴克企业管理(中国)有限公司"}, "Starbucks",
                "在星巴克买的三明治吃出了一根头发，店员只说再做一个，态度敷衍，要求赔偿并整改卫生。",
                "星巴克三明治里有头发，店员敷衍",
                "食品里有头发", "星巴克三明治中吃出头发，店员敷衍，要求赔偿并整改卫生。",
                "来电人反映在星巴克购买的三明治中有头发，店员处理敷衍，诉求赔偿并要求整改。",
                "I found a hair in my Starbucks sandwich and the staff just offered to make another one."));
        t.add(topic("滴滴出行", new String[] {"滴滴出行", "滴滴", "北京小桔科技有限公司"}, "DiDi",
                "昨晚用滴滴打车，司机故意绕路多跑了十公里，车费比平时多了{amount}元，投诉后平台只退了一点，要求全额退还多收部分。",
                "滴滴司机绕路多收{amount}元",
                "网约车绕路", "滴滴司机故意绕路十公里，多收车费{amount}元，要求退还。",
                "来电人反映乘坐滴滴网约车时司机绕路约十公里，多收车费{amount}元，诉求退还。",
                "My DiDi driver took a 10 km detour and charged me {amount} yuan more than usual."));
        t.add(topic("国美电器", new String[] {"国美电器", "国美", "国美电器福田店"}, "Gome",
                "在国美电器买的洗衣机送货时外壳有明显凹痕，送货员说签收后再换，签收后客服却说外观问题不换，要求更换新机。",
                "国美洗衣机送来就有凹痕，不给换",
                "洗衣机外壳凹痕", "国美电器洗衣机送货时外壳凹陷，签收后拒绝更换，要求换新。",
                "来电人反映国美电器送货的洗衣机外壳有凹痕，签收后商家拒绝更换，诉求换新机。",
                "The washing machine Gome delivered has a dent; after I signed they refused to replace it."));
        t.add(topic("携程", new String[] {"携程旅行网", "携程", "携程计算机技术(上海)有限公司"}, "Trip.com",
                "在携程预订的酒店到店后被告知没有房间，携程客服让我自己另找酒店，差价{amount}元不肯承担，要求赔偿。",
                "携程订的酒店到了没房，差价不赔",
                "预订酒店到店无房", "携程预订酒店到店无房，客服让自行另找，差价{amount}元拒不承担，要求赔偿。",
                "来电人反映通过携程预订酒店到店后无房，平台拒绝承担另订差价{amount}元，诉求赔偿。",
                "The hotel I booked on Trip.com had no room when I arrived, and they won't pay the {amount} yuan difference."));
        return t;
    }

    /** The same kind of complaint against a competitor, for the "same person, other company" pairs. */
    static Topic sameMatterOtherCompany(Topic t) {
        String other = switch (t.respondent()) {
            case "华润万家" -> "沃尔玛";
            case "中国移动" -> "中国电信";
            case "美团" -> "饿了么";
            case "如家酒店" -> "汉庭酒店";
            case "万达影城" -> "大地影院";
            case "中国联通" -> "长城宽带";
            case "星巴克" -> "瑞幸咖啡";
            case "国美电器" -> "苏宁易购";
            default -> "永辉超市";
        };
        return new Topic(other, new String[] {other}, null, (kind, store, amount, order, extra) -> {
            String[] base = t.texts().text(kind, store, amount, order, extra);
            String r = t.respondent();
            return new String[] {base[0] == null ? null : base[0].replace(r, other),
                    base[1].replace(store, other).replace(r, other).replace(r.substring(0, 2), other)};
        });
    }

    /**
     * Many people, one problem. {@code placeWord} is the distinctive place in the first report; the look-alike
     * replaces it with {@code otherPlaceWord} and names another respondent and place.
     */
    record Outage(String label, String respondent, String place, String placeWord, String otherRespondent,
                  String otherPlace, String otherPlaceWord, String[][] reports) {
    }

    static List<Outage> outages() {
        List<Outage> o = new ArrayList<>();
        o.add(new Outage("i01", "国家电网", "幸福小区", "幸福小区", "南方电网", "阳光花园", "阳光花园", new String[][] {
                {"幸福小区3栋从昨晚开始停电，到现在十几个小时了还没来电，冰箱里的东西都坏了。", "还是没有来电"},
                {"幸福小区停电了，已经停了一整夜，什么时候能恢复供电？"},
                {"我们幸福小区整个小区停电十多个小时，电梯停运，老人下不了楼，请尽快抢修。"},
                {"幸福小区从昨天晚上停电到现在，供电所电话打不通。"},
                {"幸福小区停电超过十小时，家里有病人需要用电，要求尽快恢复供电。"},
                {"幸福小区5栋停电，冰箱食物全坏了，要求供电公司说明原因。"},
        }));
        o.add(new Outage("i02", "深圳水务集团", "锦绣花园", "锦绣花园", "广州自来水公司", "翠湖山庄", "翠湖山庄", new String[][] {
                {"锦绣花园小区从今天早上开始停水，没有任何通知，做饭洗漱都成问题。"},
                {"锦绣花园停水一整天了，物业说是水务集团管网维修，也没提前通知。", "到现在还没来水"},
                {"锦绣花园小区突然停水，没有提前通知，请问什么时候恢复供水？"},
                {"锦绣花园停水，家里老人小孩没法洗澡，要求尽快恢复供水。"},
                {"锦绣花园小区停水超过十个小时，水务热线一直占线。"},
        }));
        o.add(new Outage("i03", "中国电信", "科技园片区", "科技园", "中国移动", "前海片区", "前海", new String[][] {
                {"科技园片区电信宽带从上午十点开始全部断网，公司没法办公，报修电话打不通。"},
                {"科技园这边电信网络全断了，整栋写字楼都上不了网。"},
                {"电信宽带科技园片区大面积断网，已经三个小时了，要求尽快修复并赔偿损失。"},
                {"科技园电信光纤断网，客服说在抢修但没有时间表。"},
                {"我们公司在科技园，电信宽带断网半天，影响业务，要求减免费用。"},
                {"科技园片区电信断网，手机信号也很差，什么时候恢复？"},
                {"科技园电信宽带全部断网，整个园区都不能上网。"},
        }));
        o.add(new Outage("i04", "好又多超市", "人民路", "人民路", "家乐福", "解放路", "解放路", new String[][] {
                {"好又多超市人民路店卖的鲜牛奶过期三天还在货架上，喝了肚子疼。"},
                {"在好又多人民路店买的鲜牛奶是过期的，货架上还有很多过期牛奶。"},
                {"好又多超市人民路店货架上的鲜牛奶过期了还在卖，希望市场监管部门查处。"},
                {"人民路好又多卖过期牛奶，孩子喝了拉肚子，要求赔偿。"},
                {"好又多人民路店销售过期鲜奶，要求十倍赔偿并查处。"},
        }));
        o.add(new Outage("i05", "华润燃气", "碧海湾小区", "碧海湾", "港华燃气", "蓝天苑", "蓝天苑", new String[][] {
                {"碧海湾小区从今天早上开始停气，做不了饭，燃气公司客服电话一直占线。"},
                {"碧海湾停燃气了，没有任何通知，家里没法做饭。"},
                {"碧海湾小区燃气中断一整天，燃气公司说在检修管道，但没有提前告知。", "还是没有恢复供气"},
                {"碧海湾小区停气，老人小孩吃不上热饭，要求尽快恢复供气。"},
                {"碧海湾小区燃气停供，华润燃气一直不给说法。"},
        }));
        o.add(new Outage("i06", "城管局", "东门步行街", "东门步行街", "交警大队", "西门广场", "西门广场", new String[][] {
                {"东门步行街夜市摊贩占道经营到凌晨两点，噪音很大，影响周边居民休息。"},
                {"东门步行街的夜市每天吵到半夜，油烟也很大，要求城管整治。"},
                {"东门步行街摊贩占道，消防通道都被堵了，晚上噪音扰民。"},
                {"投诉东门步行街夜市噪音扰民，凌晨还在营业，无法入睡。"},
        }));
        o.add(new Outage("i07", "深圳地铁", "5号线", "5号线", "深圳巴士集团", "M390路", "M390路", new String[][] {
                {"今天早高峰地铁5号线故障停运四十分钟，没有广播说明，大量乘客滞留，上班迟到。"},
                {"5号线早上停了快一个小时，站台挤满了人，地铁公司也不解释。"},
                {"地铁5号线今早故障，列车停在隧道里二十多分钟，车厢闷热，有人晕倒。"},
                {"5号线停运导致迟到扣工资，要求深圳地铁出具延误证明。"},
                {"地铁5号线早高峰停运，站务人员态度差，没有任何疏导。"},
        }));
        return o;
    }
}
