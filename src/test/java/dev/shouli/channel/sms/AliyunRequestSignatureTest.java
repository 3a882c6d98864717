package dev.shouli.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Aliyun's documented SendSms signing example (AccessKey testId / testSecret). */
class AliyunRequestSignatureTest {

    private static Map<String, String> documentedExample() {
        Map<String, String> p = new HashMap<>();
        p.put("AccessKeyId", "testId");
        p.put("Action", "SendSms");
        p.put("Format", "XML");
        p.put("OutId", "123");
        p.put("PhoneNumbers", "15300000001");
        p.put("RegionId", "cn-hangzhou");
        p.put("SignName", "阿里云短信测试专用");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466");
        p.put("SignatureVersion", "1.0");
        p.put("TemplateCode", "SMS_71390007");
        p.put("TemplateParam", "{\"customer\":\"test\"}");
        p.put("Timestamp", "2017-07-12T02:42:19Z");
        p.put("Version", "2017-05-25");
        return p;
    }

    @Test
    void documentedExampleSignsExactly() {
        assertThat(AliyunRequestSignature.sign("GET", "testSecret", documentedExample()))
                .isEqualTo("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
    }

    @Test
    void canonicalQueryEncodesThePopWay() {
        assertThat(AliyunRequestSignature.canonicalQuery(documentedExample())).isEqualTo("AccessKeyId=testId"
                + "&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou"
                + "&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8"
                + "&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466"
                + "&SignatureVersion=1.0&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D"
                + "&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25");
    }

    @Test
    void spaceStarAndTildeFollowPopEncoding() {
        assertThat(AliyunRequestSignature.percentEncode("a b*c~d")).isEqualTo("a%20b%2Ac~d");
    }
}
