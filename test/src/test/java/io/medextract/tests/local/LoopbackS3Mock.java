package io.medextract.tests.local;

import com.adobe.testing.s3mock.S3MockApplication;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Starts S3Mock listening on 127.0.0.1 only. S3Mock checks no credentials, so on any other interface it would
 * hand every stored object (and a listing of them) to the machine's network. Its HTTPS port is Spring Boot's main
 * connector, which {@code server.address} binds; its plain-HTTP port is an extra Tomcat connector that
 * {@code server.address} does not reach, so {@link ConnectorsOnLoopback} binds that one as it is created.
 */
public final class LoopbackS3Mock {

    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackS3Mock() {}

    /** {@link S3MockApplication#start(Map, String...)} with every connector on the loopback address. */
    public static S3MockApplication start(Map<String, Object> properties) {
        Map<String, Object> loopback = new HashMap<>(properties);
        loopback.put("server.address", LOOPBACK);
        loopback.put("spring.main.sources", ConnectorsOnLoopback.class.getName());
        return S3MockApplication.start(loopback);
    }

    /** Sets the address of every Tomcat connector bean before the web server binds it. */
    public static final class ConnectorsOnLoopback implements BeanPostProcessor {
        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof Connector connector) {
                connector.setProperty("address", LOOPBACK);
            }
            return bean;
        }
    }
}
