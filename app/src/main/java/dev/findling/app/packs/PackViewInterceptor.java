package dev.findling.app.packs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every page's layout names the model pack in its footer: this puts {@code activePack} (an
 * {@link ActivePackView}) into the model of every rendered view — feature pages and the error page alike —
 * and leaves JSON responses alone.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PackViewInterceptor implements HandlerInterceptor, WebMvcConfigurer {
    static final String MODEL_ATTRIBUTE = "activePack";

    private final ActivePack activePack;

    PackViewInterceptor(ActivePack activePack) {
        this.activePack = activePack;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView view) {
        if (view != null && view.isReference() && !view.getViewName().startsWith("redirect:")
                && !view.getModel().containsKey(MODEL_ATTRIBUTE)) {
            view.addObject(MODEL_ATTRIBUTE, ActivePackView.of(activePack.state()));
        }
    }
}
